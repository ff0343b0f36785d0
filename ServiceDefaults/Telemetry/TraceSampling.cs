using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// Every trace in Development; in other environments a share of them, set by Telemetry:TraceSampleRatio.
// Parent-based either way, so a trace is kept or dropped whole across every service it crosses, and
// the spans under a filtered request (a probe) are dropped with it.
public static class TraceSampling
{
    public const string RatioKey = "Telemetry:TraceSampleRatio";
    public const double DefaultProductionRatio = 0.1;

    public static Sampler For(IHostEnvironment environment, IConfiguration configuration)
    {
        // Read in every environment, so a wrong value fails at start in Development too, not first in production.
        var ratio = Ratio(configuration);
        return environment.IsDevelopment()
            ? new ParentBasedSampler(new AlwaysOnSampler())
            : new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio));
    }

    public static double Ratio(IConfiguration configuration)
    {
        var text = configuration[RatioKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultProductionRatio;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1 || double.IsNaN(ratio))
        {
            throw new InvalidOperationException($"{RatioKey} must be a number from 0 to 1 (the share of traces kept); it is '{text}'.");
        }
        return ratio;
    }
}
