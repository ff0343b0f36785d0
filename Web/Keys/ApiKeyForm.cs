using System.Globalization;

namespace Web.Keys;

public sealed class ApiKeyForm
{
    public string? Name { get; set; }

    // A date from <input type="date">; the key expires at the start of that day, UTC.
    public string? ExpiresOn { get; set; }

    // The Api's expiresAt (RFC 3339), or null when the field is empty; false when the text is not a date.
    public bool TryExpiresAt(out string? expiresAt)
    {
        expiresAt = null;
        if (string.IsNullOrWhiteSpace(ExpiresOn))
        {
            return true;
        }
        if (!DateOnly.TryParseExact(ExpiresOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }
        expiresAt = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        return true;
    }
}
