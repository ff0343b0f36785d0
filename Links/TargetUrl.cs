using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Links;

// The URL a short link redirects to: checked, then rebuilt from its parsed parts so what is stored
// and sent in the Location header is exactly what System.Uri understood.
public static class TargetUrl
{
    public const int MaxLength = 2048;

    public static bool TryNormalize(
        string? input,
        Uri shortLinkBase,
        [NotNullWhen(true)] out string? normalized,
        [NotNullWhen(false)] out string? error,
        IReadOnlyCollection<string>? blockedHosts = null)
    {
        ArgumentNullException.ThrowIfNull(shortLinkBase);
        if (!shortLinkBase.IsAbsoluteUri)
        {
            throw new ArgumentException("The short-link base must be an absolute URI.", nameof(shortLinkBase));
        }

        if (string.IsNullOrWhiteSpace(input))
        {
            return Refuse("Enter a URL.", out normalized, out error);
        }
        if (input.Length > MaxLength)
        {
            return Refuse($"The URL is longer than {MaxLength} characters.", out normalized, out error);
        }
        if (FindForbiddenCharacter(input) is { } characterError)
        {
            return Refuse(characterError, out normalized, out error);
        }
        // On Unix "/path" and "//host" parse as file URIs, so the input must also start with the scheme.
        if (!Uri.TryCreate(input, UriKind.Absolute, out var uri)
            || !input.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("The URL must be a complete address starting with http:// or https://.", out normalized, out error);
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return Refuse("Only http and https URLs can be shortened.", out normalized, out error);
        }
        // System.Uri also accepts "https:\\host", which other parsers may read differently.
        if (!input.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("The URL must start with http:// or https:// followed by the host name.", out normalized, out error);
        }
        // StrongAuthority keeps the '@' of an empty user-info ("https://@host"), which UserInfo does not show.
        if (uri.UserInfo.Length > 0 || uri.GetComponents(UriComponents.StrongAuthority, UriFormat.UriEscaped).Contains('@'))
        {
            return Refuse("The URL must not contain a user name or password before the host.", out normalized, out error);
        }

        var host = uri.IdnHost.ToLowerInvariant();
        if (host.Length == 0)
        {
            return Refuse("The URL must have a host name.", out normalized, out error);
        }
        if (IsShortLinkHost(host, uri.Port, shortLinkBase))
        {
            return Refuse("The URL points back at this link shortener, which would make a redirect loop.", out normalized, out error);
        }
        if (blockedHosts is { Count: > 0 } && BlockedHosts.Match(host, blockedHosts) is { } blocked)
        {
            return Refuse($"Links to {blocked} and its subdomains are not allowed here.", out normalized, out error);
        }

        var authority = uri.HostNameType == UriHostNameType.IPv6 ? $"[{host}]" : host;
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var result = uri.Scheme + "://" + authority + port + uri.PathAndQuery + uri.Fragment;
        if (result.Length > MaxLength)
        {
            return Refuse($"The URL is longer than {MaxLength} characters once its host and path are encoded.", out normalized, out error);
        }

        normalized = result;
        error = null;
        return true;
    }

    private static bool Refuse(string message, out string? normalized, out string error)
    {
        normalized = null;
        error = message;
        return false;
    }

    private static string? FindForbiddenCharacter(string input)
    {
        var remaining = input.AsSpan();
        while (!remaining.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(remaining, out var rune, out var consumed) != OperationStatus.Done)
            {
                return "The URL contains malformed text (an unpaired surrogate character).";
            }
            remaining = remaining[consumed..];

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control:
                    return "The URL contains a control character such as a line break or tab.";
                case UnicodeCategory.Format:
                    return "The URL contains an invisible formatting character such as a text-direction override or zero-width space.";
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return "The URL contains a Unicode line or paragraph separator.";
            }
            if (Rune.IsWhiteSpace(rune))
            {
                return "The URL contains a space; remove it or encode it as %20.";
            }
        }
        return null;
    }

    private static bool IsShortLinkHost(string host, int port, Uri shortLinkBase) =>
        port == shortLinkBase.Port
        && string.Equals(WithoutTrailingDot(host), WithoutTrailingDot(shortLinkBase.IdnHost), StringComparison.OrdinalIgnoreCase);

    // "host." and "host" name the same DNS host, so a trailing dot must not slip past the loop check.
    private static string WithoutTrailingDot(string host) => host.EndsWith('.') ? host[..^1] : host;
}
