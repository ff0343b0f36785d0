using System.Buffers;
using Messaging.Clicks;

namespace Api.Clicks;

// What a redirect tells about its click, reduced to what analytics needs.
public sealed class ClickEventFactory(VisitorHash visitorHash, TimeProvider time)
{
    // Searched for all at once in one pass over the user agent: this runs on every click.
    private static readonly SearchValues<string> BotMarkers = SearchValues.Create(
        ["bot", "crawl", "spider", "slurp", "curl", "wget", "python", "httpclient", "java/", "go-http", "okhttp", "headless", "preview"],
        StringComparison.OrdinalIgnoreCase);

    public ClickEvent Create(string code, HttpContext http)
    {
        var now = time.GetUtcNow();
        var userAgent = http.Request.Headers.UserAgent.ToString();
        return new ClickEvent(
            Guid.CreateVersion7(now),
            code,
            now,
            ReferrerHost(http.Request.Headers.Referer.ToString()),
            Classify(userAgent),
            visitorHash.Of(http.Connection.RemoteIpAddress?.ToString(), userAgent, now));
    }

    public static string Classify(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return UserAgentClasses.Unknown;
        }
        if (userAgent.AsSpan().ContainsAny(BotMarkers))
        {
            return UserAgentClasses.Bot;
        }
        return userAgent.StartsWith("Mozilla/", StringComparison.Ordinal) ? UserAgentClasses.Browser : UserAgentClasses.Unknown;
    }

    // Only the host: paths and queries of referring pages can carry personal data.
    public static string? ReferrerHost(string? referrer) =>
        Uri.TryCreate(referrer, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.IdnHost.Length is > 0 and <= 253
            ? uri.IdnHost.ToLowerInvariant()
            : null;
}
