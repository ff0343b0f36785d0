namespace Api.Redirects;

// What a browser gets for an unknown short code: a page with nothing to load or run, and headers that say so.
// Only this HTML answer carries them; the redirects, the hot path, stay bare.
public static class NotFoundPage
{
    private const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>
        <body><h1>Link not found</h1><p>This short link does not exist or was deleted.</p></body></html>
        """;

    public const string ContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IResult Result(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        return Results.Content(Html, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }
}
