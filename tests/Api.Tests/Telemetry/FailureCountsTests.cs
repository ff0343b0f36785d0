using Microsoft.Extensions.Hosting;

namespace Api.Tests.Telemetry;

public sealed class FailureCountsTests
{
    [Fact]
    public void An_untagged_total_reports_zero_before_anything_is_added_then_the_running_total()
    {
        var counts = new FailureCounts();
        Assert.Equal([0L], counts.Observe().Select(m => m.Value));
        counts.Add(2);
        counts.Add(3);
        var measurement = Assert.Single(counts.Observe());
        Assert.Equal(5, measurement.Value);
        Assert.Empty(measurement.Tags.ToArray());
    }

    [Fact]
    public void Tagged_totals_report_every_known_value_from_zero_and_keep_values_apart()
    {
        var counts = new FailureCounts("operation", "get", "set");
        counts.Add(1, "get");
        counts.Add(1, "get");
        counts.Add(4, "other");
        var totals = counts.Observe().ToDictionary(m => (string)m.Tags.ToArray().Single(t => t.Key == "operation").Value!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["get"] = 2, ["set"] = 0, ["other"] = 4 }, totals);
    }
}
