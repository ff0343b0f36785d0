using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Links;

// Keyset position in an owner's list: the sort key and code of the last link of a page, for the order the
// page was listed in (Key: created_at in unix microseconds when by age, the click total when by clicks).
// Opaque to clients: base64url of "{key}:{code}" (newest first, as before orders existed), "o{key}:{code}"
// or "c{key}:{code}"; a cursor of one order is refused in another.
public sealed record LinkCursor(LinkOrder Order, long Key, string Code)
{
    public static LinkCursor After(Link link, LinkOrder order) =>
        new(order, order == LinkOrder.MostClicked ? link.Clicks : (link.CreatedAt - DateTime.UnixEpoch).Ticks / 10, link.Code);

    public DateTime CreatedAt => DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(Key * 10), DateTimeKind.Utc);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Prefix(Order)}{Key.ToString(CultureInfo.InvariantCulture)}:{Code}"));

    public static bool TryDecode(string text, LinkOrder order, out LinkCursor? cursor)
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
        var prefix = Prefix(order);
        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        if (separator <= prefix.Length
            || !decoded.StartsWith(prefix, StringComparison.Ordinal)
            || !long.TryParse(decoded.AsSpan(prefix.Length, separator - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var key)
            || (order != LinkOrder.MostClicked && key > (DateTime.MaxValue - DateTime.UnixEpoch).Ticks / 10)
            || !ShortCode.CouldExist(decoded[(separator + 1)..]))
        {
            return false;
        }
        cursor = new LinkCursor(order, key, decoded[(separator + 1)..]);
        return true;
    }

    private static string Prefix(LinkOrder order) => order switch
    {
        LinkOrder.Oldest => "o",
        LinkOrder.MostClicked => "c",
        _ => "",
    };
}
