using Web.ApiClient;
using Web.Links;

namespace Web.Tests.Links;

public sealed class ClickChartTests : BunitContext
{
    private static readonly DateTime Start = new(2025, 1, 5, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_chart_draws_one_bar_per_bucket()
    {
        var chart = RenderChart(Hours(0, 3, 0, 5, 1));

        Assert.Equal(5, chart.FindAll("rect.bar").Count);
    }

    [Fact]
    public void The_busiest_bucket_gets_the_full_height_and_the_others_their_share_of_it()
    {
        var chart = RenderChart(Hours(0, 2, 4));

        var heights = chart.FindAll("rect.bar").Select(bar => bar.GetAttribute("height")).ToList();
        Assert.Equal(["0", "80", "160"], heights);
        Assert.Equal("4", chart.Find("svg text").TextContent);
    }

    [Fact]
    public void Each_bar_has_a_tooltip_with_its_hour_and_clicks()
    {
        var chart = RenderChart(Hours(0, 3, 12));

        var titles = chart.FindAll("rect.bar title").Select(title => title.TextContent).ToList();
        Assert.Equal(["Jan 5 10:00: 0", "Jan 5 11:00: 3", "Jan 5 12:00: 12"], titles);
    }

    [Fact]
    public void Daily_bars_are_labelled_by_day()
    {
        var days = new List<ClickBucket> { new(new DateTime(2025, 1, 30, 0, 0, 0, DateTimeKind.Utc), 1), new(new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc), 2) };

        var chart = RenderChart(days, "day");

        Assert.Equal(["Jan 30: 1", "Jan 31: 2"], chart.FindAll("rect.bar title").Select(title => title.TextContent));
        Assert.Equal("Day (UTC)", chart.Find("figcaption th").TextContent);
    }

    [Fact]
    public void The_chart_describes_itself_and_lists_only_the_busy_buckets_for_screen_readers()
    {
        var chart = RenderChart(Hours(0, 3, 0, 5));

        Assert.Equal("Clicks per hour: 8 in total, at most 5 in one hour.", chart.Find("svg.chart[role=img]").GetAttribute("aria-label"));
        var rows = chart.FindAll("figcaption tbody tr").Select(row => row.TextContent).ToList();
        Assert.Equal(["Jan 5 11:003", "Jan 5 13:005"], rows);
    }

    [Fact]
    public void The_chart_says_there_are_no_clicks_when_every_bucket_is_zero()
    {
        var chart = RenderChart(Hours(0, 0, 0));

        Assert.Equal("No clicks in this period yet.", chart.Find("p.empty").TextContent);
        Assert.Empty(chart.FindAll("svg"));
    }

    [Fact]
    public void The_chart_says_there_are_no_clicks_when_there_are_no_buckets()
    {
        var chart = RenderChart([]);

        Assert.Equal("No clicks in this period yet.", chart.Find("p.empty").TextContent);
        Assert.Empty(chart.FindAll("svg"));
    }

    private IRenderedComponent<ClickChart> RenderChart(IReadOnlyList<ClickBucket> buckets, string interval = "hour") =>
        Render<ClickChart>(parameters => parameters.Add(p => p.Buckets, buckets).Add(p => p.Interval, interval));

    private static List<ClickBucket> Hours(params long[] clicks) => [.. clicks.Select((count, hour) => new ClickBucket(Start.AddHours(hour), count))];
}
