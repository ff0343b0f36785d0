using System.Diagnostics.Metrics;
using Api.Diagnostics;
using Api.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using ReadRouting;

namespace Api.Tests.Traffic;

public sealed class TrafficCountersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 17, 5, TimeSpan.Zero);
    private static readonly HostingEnvironment ApiEnvironment = new() { ApplicationName = ApiMetrics.MeterName };

    [Fact]
    public void Redirects_are_counted_by_result_and_reads_by_source_from_the_replicas_own_meter()
    {
        var meters = NewMeterFactory();
        var apiMetrics = new ApiMetrics(meters); // created before the counters, as at a replica's start
        using var counters = new TrafficCounters(meters, ApiEnvironment);
        var readMetrics = new ReadRoutingMetrics(meters, ApiEnvironment); // and after

        foreach (var result in new[] { "hit", "hit", "hit", "miss", "not_found", "not_found" })
        {
            apiMetrics.Redirect(result);
        }
        foreach (var source in new[] { ReadSource.Replica, ReadSource.Replica, ReadSource.PrimaryLag, ReadSource.PrimaryDown, ReadSource.Primary, ReadSource.Primary, ReadSource.Primary })
        {
            readMetrics.Read(source);
        }

        var snapshot = counters.Snapshot("api-1", Now);
        Assert.Equal(new ApiReplicaTraffic("api-1", Now, new RedirectCounts(3, 1, 2), new ReadCounts(2, 1, 1, 3)), snapshot);
    }

    [Fact]
    public void Another_hosts_meters_of_the_same_names_and_unknown_tag_values_are_not_counted()
    {
        var meters = NewMeterFactory();
        using var counters = new TrafficCounters(meters, ApiEnvironment);
        var otherHost = NewMeterFactory();

        new ApiMetrics(otherHost).Redirect("hit");
        new ReadRoutingMetrics(otherHost, ApiEnvironment).Read(ReadSource.Replica);
        new ApiMetrics(meters).Redirect("something-new");

        Assert.Equal(new ApiReplicaTraffic("api-1", Now, RedirectCounts.Zero, ReadCounts.Zero), counters.Snapshot("api-1", Now));
    }

    private static IMeterFactory NewMeterFactory() =>
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
