namespace Web.ApiClient;

// The periods the link page charts: the last 24 hours or 7 days by hour, the last 30 days by day.
// Windows end at the end of the current bucket, so the newest bucket is always on the chart.
public sealed record StatsWindow(string Name, string Label, string Interval, DateTime From, DateTime To)
{
    public const string Day = "24h";
    public const string Week = "7d";
    public const string Month = "30d";
    public static readonly IReadOnlyList<(string Name, string Label)> All = [(Day, "Last 24 hours"), (Week, "Last 7 days"), (Month, "Last 30 days")];

    // Unknown names fall back to the last 24 hours.
    public static StatsWindow Ending(string? name, DateTime utcNow)
    {
        var nextHour = new DateTime(utcNow.Year, utcNow.Month, utcNow.Day, utcNow.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
        var nextDay = utcNow.Date.AddDays(1);
        return name switch
        {
            Week => new StatsWindow(Week, "Last 7 days", "hour", nextHour.AddDays(-7), nextHour),
            Month => new StatsWindow(Month, "Last 30 days", "day", nextDay.AddDays(-30), nextDay),
            _ => new StatsWindow(Day, "Last 24 hours", "hour", nextHour.AddHours(-24), nextHour),
        };
    }
}
