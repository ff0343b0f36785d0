using System.Globalization;

namespace Api.Analytics;

// The range and bucket size of a stats request, checked: bounded so one request cannot ask for an
// unbounded series. ExcludeBots leaves clicks and visitors of bot user agents out.
public sealed record StatsQuery(DateTime From, DateTime To, string Interval, bool ExcludeBots = false)
{
    public const string Hour = "hour";
    public const string Day = "day";
    public static readonly TimeSpan MaximumHourRange = TimeSpan.FromDays(31);
    public static readonly TimeSpan MaximumDayRange = TimeSpan.FromDays(366);

    public static bool TryParse(string? from, string? to, string? interval, string? excludeBots, DateTime now, out StatsQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        query = null;
        var withoutBots = excludeBots == "true";
        if (excludeBots is not (null or "true" or "false"))
        {
            errors["excludeBots"] = ["excludeBots is true or false."];
        }
        var unit = interval ?? Hour;
        if (unit is not (Hour or Day))
        {
            errors["interval"] = ["interval is hour or day."];
            unit = Hour;
        }
        // Default end: the end of the current bucket, so repeated requests share one cache entry.
        var end = unit == Hour ? new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(1) : now.Date.AddDays(1);
        if (to is not null)
        {
            if (TryParseTime(to, out var parsedEnd))
            {
                end = parsedEnd;
            }
            else
            {
                errors["to"] = ["to is an ISO 8601 date and time, e.g. 2026-11-28T12:00:00Z."];
            }
        }
        var start = unit == Hour ? end.AddHours(-24) : end.AddDays(-30);
        if (from is not null)
        {
            if (TryParseTime(from, out var parsedStart))
            {
                start = parsedStart;
            }
            else
            {
                errors["from"] = ["from is an ISO 8601 date and time, e.g. 2026-11-27T12:00:00Z."];
            }
        }
        if (errors.Count == 0 && start >= end)
        {
            errors["from"] = ["from must be before to."];
        }
        if (errors.Count == 0 && end - start > (unit == Hour ? MaximumHourRange : MaximumDayRange))
        {
            errors["from"] = [unit == Hour ? "An hourly series covers at most 31 days; use interval=day." : "A daily series covers at most 366 days."];
        }
        if (errors.Count > 0)
        {
            return false;
        }
        query = new StatsQuery(start, end, unit, withoutBots);
        return true;
    }

    // Also the clicks export's from and to (Api/Exports/ClickExportRange.cs).
    internal static bool TryParseTime(string text, out DateTime value)
    {
        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            && time.Year is >= 2000 and <= 9000;
        value = parsed ? time.UtcDateTime : default;
        return parsed;
    }
}
