using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Api.Redirects;

// What a browser gets for a short link that does not redirect (unknown, deleted, or disabled by the
// operator): a page with nothing to load or run, and headers that say so. Only these HTML answers carry
// them; the redirects, the hot path, stay bare. It looks like the Web (Web/wwwroot/app.css) and links home to it
// when Web:BaseUrl is set (the AppHost sets it); its one inline stylesheet is allowed by its hash, nothing else is.
public static class BrowserPages
{
    public const string WebBaseUrlKey = "Web:BaseUrl";

    private const string Style = """
        :root { color-scheme: light dark; --text: #1b1f24; --muted: #57606a; --background: #ffffff; --surface: #f4f6f8; --border: #d0d7de; --accent: #0a5bd3; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.5; }
        @media (prefers-color-scheme: dark) { :root { --text: #e6edf3; --muted: #9da7b3; --background: #0d1117; --surface: #161b22; --border: #30363d; --accent: #4c9aff; } }
        body { margin: 0; color: var(--text); background: var(--background); }
        header { padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--border); background: var(--surface); font-weight: 700; }
        header a { color: var(--text); text-decoration: none; }
        main { max-width: 64rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.6rem; margin: 1rem 0; }
        p { color: var(--muted); }
        a { color: var(--accent); }
        """;

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IResult NotFound(HttpResponse response) =>
        Page(response, "Link not found", "This short link does not exist or was deleted.", StatusCodes.Status404NotFound);

    public static IResult Disabled(HttpResponse response) =>
        Page(response, "Link disabled", "This short link was disabled by the service's operator.", StatusCodes.Status410Gone);

    private static IResult Page(HttpResponse response, string title, string message, int statusCode)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        var home = WebHome(response.HttpContext.RequestServices.GetRequiredService<IConfiguration>());
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0"><title>{title}</title><style>{Style}</style></head>
            <body>{(home is null ? "<header>Short links</header>" : $"<header><a href=\"{home}\">Short links</a></header>")}
            <main><h1>{title}</h1><p>{message}</p>{(home is null ? "" : $"<p><a href=\"{home}\">Go to Short links</a> to make a link of your own.</p>")}</main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    // Only an absolute http(s) address becomes a link; anything else leaves the page without one.
    private static string? WebHome(IConfiguration configuration) =>
        Uri.TryCreate(configuration[WebBaseUrlKey], UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? WebUtility.HtmlEncode(url.AbsoluteUri)
            : null;
}
