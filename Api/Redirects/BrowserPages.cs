namespace Api.Redirects;

// What a browser gets for a short link that does not redirect (unknown, deleted, or disabled by the
// operator): a page with nothing to load or run, and headers that say so. Only these HTML answers carry
// them; the redirects, the hot path, stay bare.
public static class BrowserPages
{
    private const string NotFoundHtml = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>
        <body><h1>Link not found</h1><p>This short link does not exist or was deleted.</p></body></html>
        """;

    private const string DisabledHtml = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Link disabled</title></head>
        <body><h1>Link disabled</h1><p>This short link was disabled by the service's operator.</p></body></html>
        """;

    public const string ContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IResult NotFound(HttpResponse response) => Page(response, NotFoundHtml, StatusCodes.Status404NotFound);

    public static IResult Disabled(HttpResponse response) => Page(response, DisabledHtml, StatusCodes.Status410Gone);

    private static IResult Page(HttpResponse response, string html, int statusCode)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }
}
