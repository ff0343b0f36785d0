using System.Globalization;
using Web.Accounts;
using Web.ApiClient;

namespace Web.Links;

// The signed-in user's CSV exports, fetched from the Api with their token and streamed through to the browser as
// they arrive: the Web never holds a whole file. The clicks cover the period the link's page shows.
public static class CsvDownloads
{
    public static IEndpointRouteBuilder MapCsvDownloads(this IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup("/links").RequireAuthorization();
        downloads.MapGet("/export.csv", (HttpContext http, LinksApi api) => StreamAsync(http, api, "/api/links/export"));
        downloads.MapGet("/{code}/clicks.csv", (string code, string? period, HttpContext http, LinksApi api, TimeProvider time) =>
        {
            var window = StatsWindow.Ending(period, time.GetUtcNow().UtcDateTime);
            return StreamAsync(http, api, string.Create(CultureInfo.InvariantCulture,
                $"/api/links/{Uri.EscapeDataString(code)}/clicks.csv?from={Uri.EscapeDataString(window.From.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(window.To.ToString("O", CultureInfo.InvariantCulture))}"));
        });
        return app;
    }

    private static async Task<IResult> StreamAsync(HttpContext http, LinksApi api, string path)
    {
        if (SignedInUser.From(http.User) is not { } user)
        {
            return Results.Challenge();
        }
        try
        {
            var download = await api.DownloadCsvAsync(user, path, async response =>
            {
                http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "text/csv";
                http.Response.Headers.ContentDisposition = response.Content.Headers.ContentDisposition?.ToString() ?? "attachment";
                await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
            }, http.RequestAborted);
            if (download.Succeeded)
            {
                return Results.Empty;
            }
            if (http.Response.HasStarted)
            {
                // Cut off mid-file: the browser must see a failed download, not a short file that looks whole.
                http.Abort();
                return Results.Empty;
            }
            return download.Problem.IsNotFound ? Results.NotFound()
                : download.Problem.IsUnauthorized ? Results.Challenge()
                : Results.Problem(title: download.Problem.Title, statusCode: StatusCodes.Status502BadGateway);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser went away; so did the Api's request (and its query).
            return Results.Empty;
        }
    }
}
