using System.Text.RegularExpressions;

namespace Web.Shared;

// The reader's time zone, as their browser named it in the "tz" cookie (set by wwwroot/app.js); UTC until it has,
// and for a name this server does not know. The name is checked before it reaches the time zone database.
public static partial class ReaderTimeZone
{
    public const string CookieName = "tz";

    public static TimeZoneInfo Of(HttpContext? context) =>
        context?.Request.Cookies[CookieName] is { } name
            && IanaName().IsMatch(name)
            && !name.Contains("..", StringComparison.Ordinal)
            && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone)
            ? zone
            : TimeZoneInfo.Utc;

    public static bool IsUtc(TimeZoneInfo zone) => zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime;

    // How a zone is named after a time: "UTC" for UTC, otherwise its IANA name ("Europe/Berlin").
    public static string Label(TimeZoneInfo zone) => IsUtc(zone) ? "UTC" : zone.Id;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+/-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IanaName();
}
