using System.Globalization;
using System.Text.RegularExpressions;

namespace Api.Keys;

// A key's name and expiry as the user sent them, checked once here: the only way to get a NewApiKey.
public sealed partial record NewApiKey
{
    public const int MaximumNameLength = 100;
    public static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(3653);

    private NewApiKey(string name, DateTimeOffset? expiresAt) => (Name, ExpiresAt) = (name, expiresAt);

    public string Name { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public static bool TryCreate(CreateApiKeyRequest request, DateTimeOffset now, out NewApiKey? key, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var name = request.Name;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["Give the key a name, so you can tell it from your other keys."];
        }
        else if (name.Length > MaximumNameLength)
        {
            errors["name"] = [$"The name is at most {MaximumNameLength} characters."];
        }
        // Control characters and invisible formatting (e.g. right-to-left overrides) would make a name lie in the list.
        else if (name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
        {
            errors["name"] = ["The name may not contain control characters or invisible formatting characters."];
        }

        DateTimeOffset? expiresAt = null;
        if (request.ExpiresAt is not null)
        {
            if (!Rfc3339().IsMatch(request.ExpiresAt)
                || !DateTimeOffset.TryParse(request.ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                errors["expiresAt"] = ["expiresAt is an RFC 3339 time with its offset, such as 2030-01-31T12:00:00Z, or left out for a key that does not expire."];
            }
            else if (parsed <= now)
            {
                errors["expiresAt"] = ["expiresAt must be in the future."];
            }
            else if (parsed - now > LongestLifetime)
            {
                errors["expiresAt"] = ["expiresAt is at most 10 years from now."];
            }
            else
            {
                expiresAt = parsed.ToUniversalTime();
            }
        }

        key = errors.Count == 0 ? new NewApiKey(name!, expiresAt) : null;
        return key is not null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();
}
