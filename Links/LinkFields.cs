using System.Globalization;
using System.Text.RegularExpressions;

namespace Links;

// What an owner may set on a link beside its target: a title and tags to find it by, and its redirect rules
// (RedirectRules). Each Try* method checks one field as every way in (POST, PATCH, an import's row) takes it.
public sealed partial record LinkFields(string? Title, IReadOnlyList<string> Tags, RedirectRules Rules)
{
    public const string TitleField = "title";
    public const string TagsField = "tags";
    public const string ValidSinceField = "validSince";
    public const string ValidUntilField = "validUntil";
    public const string MaxVisitsField = "maxVisits";
    public const string ForwardQueryField = "forwardQuery";

    public const int MaximumTitleLength = 200;
    public const int MaximumTags = 10;
    public const long MaximumVisits = 1_000_000_000;

    public static LinkFields Default { get; } = new(null, [], RedirectRules.Default);

    // The fields of a new link (POST /api/links, an import's row); each error is added with its field.
    public static LinkFields? TryCreate(
        string? title, IEnumerable<string?>? tags, string? validSince, string? validUntil, long? maxVisits, bool? forwardQuery, List<LinkFieldError> errors)
    {
        var count = errors.Count;
        if (!TryTitle(title, out var checkedTitle, out var error))
        {
            errors.Add(new LinkFieldError(TitleField, error));
        }
        if (!TryTags(tags, out var checkedTags, out error))
        {
            errors.Add(new LinkFieldError(TagsField, error));
        }
        if (!TryInstant(validSince, ValidSinceField, out var since, out error))
        {
            errors.Add(new LinkFieldError(ValidSinceField, error));
        }
        if (!TryInstant(validUntil, ValidUntilField, out var until, out error))
        {
            errors.Add(new LinkFieldError(ValidUntilField, error));
        }
        else if (since is not null && until is not null && until <= since)
        {
            errors.Add(new LinkFieldError(ValidUntilField, WindowError));
        }
        if (!TryMaxVisits(maxVisits, out error))
        {
            errors.Add(new LinkFieldError(MaxVisitsField, error));
        }
        return errors.Count > count ? null : new LinkFields(checkedTitle, checkedTags, new RedirectRules(since, until, maxVisits, forwardQuery ?? true));
    }

    // Empty or white space: no title.
    public static bool TryTitle(string? input, out string? title, out string error)
    {
        title = string.IsNullOrWhiteSpace(input) ? null : input.Trim();
        error = TitleError;
        return title is null || (title.Length <= MaximumTitleLength && !title.Any(char.IsControl));
    }

    // Stored lower case, each once, in the order given.
    public static bool TryTags(IEnumerable<string?>? input, out IReadOnlyList<string> tags, out string error)
    {
        var lowered = (input ?? []).Select(tag => tag?.ToLowerInvariant()).ToList();
        tags = [.. lowered.OfType<string>().Distinct(StringComparer.Ordinal)];
        error = $"tags are at most {MaximumTags}, each 1 to 32 of a-z, 0-9 and '-', starting with a letter or digit.";
        return lowered.All(tag => tag is not null && TagPattern().IsMatch(tag)) && tags.Count <= MaximumTags;
    }

    // RFC 3339 with a time zone (2027-01-31T12:00:00Z, ...+02:00), kept to the microsecond Postgres stores.
    public static bool TryInstant(string? input, string field, out DateTimeOffset? instant, out string error)
    {
        instant = null;
        error = InstantError(field);
        if (input is null)
        {
            return true;
        }
        if (!Rfc3339Pattern().IsMatch(input)
            || !DateTimeOffset.TryParse(input, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        instant = new DateTimeOffset(parsed.UtcTicks - parsed.UtcTicks % 10, TimeSpan.Zero);
        return true;
    }

    public static bool TryMaxVisits(long? input, out string error)
    {
        error = $"maxVisits is a whole number from 1 to {MaximumVisits}.";
        return input is null or (>= 1 and <= MaximumVisits);
    }

    public static string TitleError => $"title is at most {MaximumTitleLength} characters, without control characters such as line breaks.";

    public static string InstantError(string field) => $"{field} is a date and time in RFC 3339 form with its offset, such as 2027-01-31T12:00:00Z.";

    public static string WindowError => $"{ValidUntilField} must be later than {ValidSinceField}.";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Pattern();
}
