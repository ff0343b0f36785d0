using Api.Operators;

namespace Api.DemoData;

// POST /api/operator/demo-data: the dashboard's "Seed demo data" command. Adds the asked number of
// links with a month of clicks to the demo account (created on the first call) and answers its sign-in.
public static class DemoDataEndpoints
{
    public const string Path = "/api/operator/demo-data";

    public static IEndpointRouteBuilder MapDemoDataEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, SeedAsync)
            .AddEndpointFilter<OperatorKeyFilter>()
            .WithTags("Operator")
            .WithName("SeedDemoData")
            .WithSummary($"Operator only (X-Operator-Key): add demo links with clicks over the last 30 days to {DemoDataSeeder.Email}; answers its new password.");
        return app;
    }

    private static async Task<Results<Ok<DemoDataSeeded>, ValidationProblem>> SeedAsync(
        DemoDataRequest? request, DemoDataSeeder seeder, CancellationToken cancellationToken)
    {
        request ??= new DemoDataRequest(Links: null);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await seeder.SeedAsync(request.Links ?? DemoDataRequest.DefaultLinks, cancellationToken));
    }
}
