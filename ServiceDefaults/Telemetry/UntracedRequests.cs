using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

// Requests that are not a user's action stay out of traces: probes, static files, Blazor's circuit
// plumbing, and the once-a-second polling of the system page's live panel.
public static class UntracedRequests
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    private static readonly PathString[] UntracedPrefixes =
    [
        HealthPath, AlivePath, "/_framework", "/_content", "/_blazor", "/api/system",
    ];

    // Asked for every request (the redirect's included): a plain loop, no allocation.
    public static bool IsUntraced(PathString path)
    {
        foreach (var prefix in UntracedPrefixes)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }
        return IsStaticFile(path);
    }

    public static bool IsUntraced(Uri? uri) => uri is not null && IsUntraced(new PathString(uri.AbsolutePath));

    // A dot in the last segment means a file (app.css, favicon.png); short codes never contain one.
    private static bool IsStaticFile(PathString path) =>
        path.Value is { } value && value.AsSpan(value.LastIndexOf('/') + 1).Contains('.');
}
