using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Api.Tests.Telemetry;

public sealed class TraceSamplingTests
{
    [Fact]
    public void Development_keeps_every_trace_a_parent_kept()
    {
        var sampler = TraceSampling.For(Environment(Environments.Development), Configuration(ratio: "0"));
        Assert.IsType<ParentBasedSampler>(sampler);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(RootSpan()).Decision);
    }

    [Theory]
    [InlineData(null, 0.1)]
    [InlineData("", 0.1)]
    [InlineData("0.25", 0.25)]
    [InlineData("1", 1.0)]
    [InlineData("0", 0.0)]
    public void Production_reads_the_ratio_from_configuration(string? configured, double expected)
    {
        Assert.Equal(expected, TraceSampling.Ratio(Configuration(configured)));
        Assert.IsType<ParentBasedSampler>(TraceSampling.For(Environment(Environments.Production), Configuration(configured)));
    }

    [Fact]
    public void Production_with_ratio_zero_drops_root_traces()
    {
        var sampler = TraceSampling.For(Environment(Environments.Production), Configuration("0"));
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(RootSpan()).Decision);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("half")]
    [InlineData("NaN")]
    public void A_ratio_that_is_not_a_share_is_refused_with_the_key_named(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TraceSampling.Ratio(Configuration(configured)));
        Assert.Contains(TraceSampling.RatioKey, error.Message);
    }

    [Fact]
    public void A_wrong_ratio_fails_in_Development_too()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TraceSampling.For(Environment(Environments.Development), Configuration("2")));
        Assert.Contains(TraceSampling.RatioKey, error.Message);
    }

    private static SamplingParameters RootSpan() =>
        new(default, System.Diagnostics.ActivityTraceId.CreateRandom(), "GET /{code}", System.Diagnostics.ActivityKind.Server);

    private static IConfiguration Configuration(string? ratio) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [TraceSampling.RatioKey] = ratio }).Build();

    private static IHostEnvironment Environment(string name) => new FixedEnvironment(name);

    private sealed class FixedEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Api";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
