using Links;

namespace Api.Links;

// GET /api/system/newest-codes: the codes of the newest links of every account that redirect now, for the dashboard's
// "Send redirect burst" command, so the AppHost never reads the links table itself. It lists every
// account's links, so it is mapped in Development only (the dashboard's own environment).
public static class NewestCodesEndpoints
{
    public const string Path = "/api/system/newest-codes";
    public const int MaximumCount = 100;

    public static IEndpointRouteBuilder MapNewestCodesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async Task<Results<Ok<IReadOnlyList<string>>, ValidationProblem>> (int? count, LinkStore store, CancellationToken cancellationToken) =>
            count is < 1 or > MaximumCount
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["count"] = [$"count is a whole number from 1 to {MaximumCount}."] })
                : TypedResults.Ok(await store.NewestCodesAsync(count ?? 50, cancellationToken)))
            .WithTags("System")
            .WithName("GetNewestCodes")
            .WithSummary("Development only: the codes of the newest links of every account, for the dashboard's redirect burst.");
        return app;
    }
}
