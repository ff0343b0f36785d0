using QrCodes;
using Web.Accounts;
using Web.ApiClient;

namespace Web.Links;

// A link's QR code as a file, for its signed-in owner only: the Api answers 404 for anyone else's code, and so does this.
public static class QrDownloads
{
    // Printed QR codes want more pixels than the page's.
    private const int DownloadPixelsPerModule = 10;

    public static IEndpointRouteBuilder MapQrDownloads(this IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup("/links/{code}").RequireAuthorization();
        downloads.MapGet("/qr.png", (string code, HttpContext http, LinksApi api) => DownloadAsync(code, http, api,
            shortUrl => Results.File(QrImages.Png(shortUrl, DownloadPixelsPerModule), "image/png", FileName(code, "png"))));
        downloads.MapGet("/qr.svg", (string code, HttpContext http, LinksApi api) => DownloadAsync(code, http, api,
            shortUrl => Results.File(System.Text.Encoding.UTF8.GetBytes(QrImages.Svg(shortUrl)), "image/svg+xml", FileName(code, "svg"))));
        return app;
    }

    private static async Task<IResult> DownloadAsync(string code, HttpContext http, LinksApi api, Func<string, IResult> image)
    {
        if (SignedInUser.From(http.User) is not { } user)
        {
            return Results.Challenge();
        }
        var link = await api.GetLinkAsync(user, code, http.RequestAborted);
        return link.Value is { } found ? image(found.ShortUrl)
            : link.Problem is { IsNotFound: true } ? Results.NotFound()
            : Results.Problem(title: link.Problem?.Title ?? "The Api did not answer", statusCode: StatusCodes.Status502BadGateway);
    }

    // The code matched one of the owner's links, so it is only [A-Za-z0-9_-]: safe in a file name.
    private static string FileName(string code, string extension) => $"qr-{code}.{extension}";
}
