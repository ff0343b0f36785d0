using Api.Analytics;

namespace Api.Exports;

// The [from, to) of a clicks export, checked like a stats range (same time formats, a message per field): by default
// the last 30 days up to now, at most 400 days, which covers the raw clicks a Worker keeps by default (13 months).
public sealed record ClickExportRange(DateTime From, DateTime To)
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaximumLength = TimeSpan.FromDays(400);

    public static bool TryParse(string? from, string? to, DateTime now, out ClickExportRange? range, out Dictionary<string, string[]> errors)
    {
        errors = [];
        range = null;
        var end = now;
        if (to is not null)
        {
            if (StatsQuery.TryParseTime(to, out var parsedEnd))
            {
                end = parsedEnd;
            }
            else
            {
                errors["to"] = ["to is an ISO 8601 date and time, e.g. 2026-11-28T12:00:00Z."];
            }
        }
        var start = end - DefaultLength;
        if (from is not null)
        {
            if (StatsQuery.TryParseTime(from, out var parsedStart))
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
        if (errors.Count == 0 && end - start > MaximumLength)
        {
            errors["from"] = [$"A clicks export covers at most {MaximumLength.TotalDays:0} days; export a longer time in parts."];
        }
        if (errors.Count > 0)
        {
            return false;
        }
        range = new ClickExportRange(start, end);
        return true;
    }
}
