using System.Globalization;
using Web.ApiClient;

namespace Web.Links;

public sealed class LinkForm
{
    public string? Url { get; set; }

    public string? Code { get; set; }

    public string? Title { get; set; }

    // Separated by commas or spaces.
    public string? Tags { get; set; }

    // A datetime-local input's value ("2027-01-31T12:00"), taken as UTC.
    public string? ValidSince { get; set; }

    public string? ValidUntil { get; set; }

    public string? MaxVisits { get; set; }

    public bool ForwardQuery { get; set; } = true;

    // The Api's field names of LinkRuleFields, for messages outside them.
    public static string[] FieldNames { get; } = ["title", "tags", "validSince", "validUntil", "maxVisits", "forwardQuery"];

    public void FillFrom(LinkItem link)
    {
        Url ??= link.Url;
        Title ??= link.Title;
        Tags ??= string.Join(", ", link.Tags ?? []);
        ValidSince ??= Local(link.ValidSince);
        ValidUntil ??= Local(link.ValidUntil);
        MaxVisits ??= link.MaxVisits?.ToString(CultureInfo.InvariantCulture);
        ForwardQuery = link.ForwardQuery;
    }

    // What the Api takes for these fields; an empty one is null (on an edit: cleared). The Api checks them
    // and answers a message per field; a maxVisits that is not a number is sent as 0, which it refuses with its own.
    public Dictionary<string, object?> Fields() => new()
    {
        ["url"] = Url,
        ["title"] = Empty(Title) ? null : Title,
        ["tags"] = Empty(Tags) ? Array.Empty<string>() : Tags!.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        ["validSince"] = Instant(ValidSince),
        ["validUntil"] = Instant(ValidUntil),
        ["maxVisits"] = Empty(MaxVisits) ? null : long.TryParse(MaxVisits, NumberStyles.None, CultureInfo.InvariantCulture, out var visits) ? visits : 0,
        ["forwardQuery"] = ForwardQuery,
    };

    private static bool Empty(string? text) => string.IsNullOrWhiteSpace(text);

    // "2027-01-31T12:00" (what the input sends, without seconds) gets its seconds and the UTC offset.
    private static string? Instant(string? local) =>
        Empty(local) ? null : local!.Trim().Length == 16 ? local.Trim() + ":00Z" : local.Trim().Length == 19 ? local.Trim() + "Z" : local.Trim();

    private static string? Local(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
