using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Links;

// Keyset position in a newest-first list: the (created_at, code) of the last link of a page.
// Opaque to clients: base64url of "{unix microseconds}:{code}".
public sealed record LinkCursor(DateTime CreatedAt, string Code)
{
    public string Encode()
    {
        var micros = (CreatedAt - DateTime.UnixEpoch).Ticks / 10;
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{micros.ToString(CultureInfo.InvariantCulture)}:{Code}"));
    }

    public static bool TryDecode(string text, out LinkCursor? cursor)
    {
        cursor = null;
        if (text.Length > 200 || !Base64Url.IsValid(text))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }
        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0
            || !long.TryParse(decoded.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > (DateTime.MaxValue - DateTime.UnixEpoch).Ticks / 10
            || !ShortCode.CouldExist(decoded[(separator + 1)..]))
        {
            return false;
        }
        cursor = new LinkCursor(DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(micros * 10), DateTimeKind.Utc), decoded[(separator + 1)..]);
        return true;
    }
}
