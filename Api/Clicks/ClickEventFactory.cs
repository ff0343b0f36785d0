using Messaging.Clicks;

namespace Api.Clicks;

// What a redirect tells about its click, reduced to what analytics needs.
public sealed class ClickEventFactory(VisitorHash visitorHash, TimeProvider time)
{
    private static readonly string[] BotMarkers = ["bot", "crawl", "spider", "slurp", "curl", "wget", "python", "httpclient", "java/", "go-http", "okhttp", "headless", "preview"];

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
        if (BotMarkers.Any(marker => userAgent.Contains(marker, StringComparison.OrdinalIgnoreCase)))
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
