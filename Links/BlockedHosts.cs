using System.Globalization;

namespace Links;

// Target hosts an operator refuses (ShortLinks:BlockedHosts): each entry blocks that host and every subdomain of it,
// so "example.net" blocks "www.example.net" but not "notexample.net". Entries may be written in Unicode or punycode,
// with or without a leading "*." .
public static class BlockedHosts
{
    private static readonly IdnMapping Idn = new();

    // The blocked entry the host falls under, or null. The host is TargetUrl's: punycode and lower case.
    public static string? Match(string host, IReadOnlyCollection<string> blocked)
    {
        host = host.TrimEnd('.'); // "phish.example." is the same host as "phish.example"
        foreach (var entry in blocked)
        {
            if (Normalize(entry) is not { } domain)
            {
                continue;
            }
            if (host == domain || host.EndsWith("." + domain, StringComparison.Ordinal))
            {
                return domain;
            }
        }
        return null;
    }

    private static string? Normalize(string entry)
    {
        var trimmed = entry.Trim().TrimEnd('.');
        if (trimmed.StartsWith("*.", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }
        trimmed = trimmed.TrimStart('.');
        if (trimmed.Length == 0)
        {
            return null;
        }
        try
        {
            return Idn.GetAscii(trimmed).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return trimmed.ToLowerInvariant();
        }
    }
}
