using System.ComponentModel;
using Api.OpenApi;
using Api.Overload;
using Api.Problems;
using Links;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Api.Redirects;

// A short link's QR code, public like the link itself, and only while the link redirects: otherwise the same 404
// or 410 as GET /{code}. Found the same way as the redirect (L1, Redis, then the database), and neither a click nor
// one of maxVisits. Drawing is cheap but anyone may ask, so it runs under a concurrency limit of its own.
public static class QrCodeEndpoints
{
    // Short: a cache asks again soon whether the link still redirects (the image itself never changes).
    private const string CacheControl = "public, max-age=300";

    public static IEndpointRouteBuilder MapQrCodes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{code}/qr", GetAsync)
            .RequireLoadShedding(LoadShedding.QrImages)
            .WithName("GetShortLinkQrCode")
            .WithSummary("The QR code of the link's short URL, as PNG (default) or SVG, while the link redirects; "
                + "cacheable (Cache-Control, ETag; If-None-Match answers 304). Not a click, and not a visit of maxVisits. "
                + "404 and 410 as GET /{code} answers them.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: "image/svg+xml")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .DescribeQrCode();
        return app;
    }

    private static async Task<IResult> GetAsync(
        string code,
        [Description("png (default) or svg.")] string? format,
        [Description("The image's width and height in pixels, from 100 to 1000 (default 300).")] string? size,
        HttpContext http, RedirectResolver resolver, VisitLimit visits, TimeProvider time, IOptions<ShortLinkOptions> shortLinks,
        CancellationToken cancellationToken)
    {
        if (!QrImageRequest.TryParse(format, size, out var request, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var entry = await resolver.ResolveWithoutRedirectAsync(code, cancellationToken);
        if (entry.Target is not null)
        {
            var admitted = await RedirectAdmission.AdmitAsync(code, entry.Rules ?? RedirectRules.Default, countVisit: false, visits, time, cancellationToken);
            if (admitted is null)
            {
                return ApiProblems.VisitLimitUnknown(http);
            }
            if (admitted.Value)
            {
                return Image(shortLinks.Value.ShortUrl(code), request, http);
            }
        }
        return RedirectAdmission.NotRedirecting(entry, http);
    }

    private static IResult Image(string shortUrl, QrImageRequest request, HttpContext http)
    {
        var tag = request.EntityTag(shortUrl);
        var headers = http.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ETag = tag;
        headers.XContentTypeOptions = "nosniff";
        // An SVG opened as a page may run nothing.
        headers.ContentSecurityPolicy = "default-src 'none'";
        var known = new EntityTagHeaderValue(tag);
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(sent => sent.Equals(EntityTagHeaderValue.Any) || sent.Compare(known, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.File(request.Render(shortUrl), request.ContentType);
    }
}
