using Web.ApiClient;

namespace Web.Tests.ApiClient;

public sealed class StatsWindowTests
{
    private static readonly DateTime Now = new(2025, 3, 10, 14, 25, 31, DateTimeKind.Utc);

    [Fact]
    public void The_last_24_hours_are_hourly_and_end_at_the_next_full_hour()
    {
        var window = StatsWindow.Ending("24h", Now);

        Assert.Equal(new StatsWindow("24h", "Last 24 hours", "hour", Utc(2025, 3, 9, 15), Utc(2025, 3, 10, 15)), window);
    }

    [Fact]
    public void The_last_7_days_are_hourly_and_end_at_the_next_full_hour()
    {
        var window = StatsWindow.Ending("7d", Now);

        Assert.Equal(new StatsWindow("7d", "Last 7 days", "hour", Utc(2025, 3, 3, 15), Utc(2025, 3, 10, 15)), window);
    }

    [Fact]
    public void The_last_30_days_are_daily_and_end_at_the_next_midnight()
    {
        var window = StatsWindow.Ending("30d", Now);

        Assert.Equal(new StatsWindow("30d", "Last 30 days", "day", Utc(2025, 2, 9, 0), Utc(2025, 3, 11, 0)), window);
    }

    [Fact]
    public void On_the_hour_the_current_hour_is_still_on_the_chart()
    {
        var window = StatsWindow.Ending("24h", Utc(2025, 3, 10, 14));

        Assert.Equal(Utc(2025, 3, 10, 15), window.To);
        Assert.Equal(Utc(2025, 3, 9, 15), window.From);
    }

    [Fact]
    public void Windows_cross_month_and_year_ends()
    {
        var window = StatsWindow.Ending("30d", new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Utc));

        Assert.Equal(Utc(2025, 1, 1, 0), window.To);
        Assert.Equal(Utc(2024, 12, 2, 0), window.From);
        Assert.Equal(Utc(2025, 1, 1, 0), StatsWindow.Ending("24h", new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Utc)).To);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1y")]
    [InlineData("7D")]
    [InlineData("30d ")]
    public void An_unknown_period_falls_back_to_the_last_24_hours(string? name)
    {
        var window = StatsWindow.Ending(name, Now);

        Assert.Equal(StatsWindow.Ending("24h", Now), window);
    }

    [Fact]
    public void The_windows_are_offered_shortest_first()
    {
        Assert.Equal([("24h", "Last 24 hours"), ("7d", "Last 7 days"), ("30d", "Last 30 days")], StatsWindow.All);
    }

    private static DateTime Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);
}
