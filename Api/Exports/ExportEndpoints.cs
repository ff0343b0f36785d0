using Api.Accounts;
using Api.Consistency;
using Api.Keys;
using Api.Overload;
using Api.Problems;
using Links;
using Microsoft.Extensions.Options;
using ReadRouting;

namespace Api.Exports;

// The caller's links and a link's raw clicks as CSV files, streamed (CsvExport). Authenticated like the rest of
// /api/links (bearer token or API key) and queued under the same limit as the stats, the other long read.
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/links").RequireAuthorization(ApiKeyAuthentication.BearerOrApiKey).RequireLoadShedding(LoadShedding.Stats)
            .WithTags("Links").ProducesProblem(StatusCodes.Status401Unauthorized);

        exports.MapGet("/export", ExportLinks).WithName("ExportLinks")
            .WithSummary("The caller's links as a CSV file, oldest first: code, shortUrl, url, title, tags (separated by |), validSince, validUntil, maxVisits, clicks, createdAt.")
            .Produces<string>(StatusCodes.Status200OK, CsvExport.ContentType);
        exports.MapGet("/{code}/clicks.csv", ExportClicksAsync).WithName("ExportLinkClicks")
            .WithSummary("A link's raw clicks in [from, to) as a CSV file, oldest first: time, referrerHost, agentClass. Default: the last 30 days; at most 400 days.")
            .Produces<string>(StatusCodes.Status200OK, CsvExport.ContentType).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportLinks(
        HttpContext http, LinksDatabase database, IOptions<ShortLinkOptions> shortLinks, TimeProvider time, CancellationToken cancellationToken)
    {
        var (tokenValid, token, errors) = await http.ReadConsistencyTokenAsync(cancellationToken);
        if (!tokenValid)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return LinkExport.For(http.User.AccountId(), shortLinks.Value, time.GetUtcNow().UtcDateTime).Stream(http, database, token);
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ExportClicksAsync(
        string code, string? from, string? to, HttpContext http, LinkStore links, LinksDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        var (tokenValid, token, tokenErrors) = await http.ReadConsistencyTokenAsync(cancellationToken);
        if (!tokenValid)
        {
            return TypedResults.ValidationProblem(tokenErrors);
        }
        if (!ShortCode.CouldExist(code) || (await links.FindOwnedAsync(code, http.User.AccountId(), token, cancellationToken)).Value is null)
        {
            return ApiProblems.LinkNotFound();
        }
        if (!ClickExportRange.TryParse(from, to, time.GetUtcNow().UtcDateTime, out var range, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return ClickExport.For(code, range!).Stream(http, database, token);
    }
}
