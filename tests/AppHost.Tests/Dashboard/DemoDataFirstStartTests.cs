using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Dashboard;

// DemoData:SeedOnFirstStart (on by default in Development): the three api replicas start at once on an empty
// database, and the demo account is seeded exactly once; the other replicas find it and leave it be.
public sealed class DemoDataFirstStartTests : IAsyncLifetime
{
    private const int FirstStartLinks = 20;
    private const string Seeded = "Demo data seeded on first start";
    private const string Skipped = "exists already; not seeding";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private RunningStack? stack;

    private RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(Cancellation, arguments: ["--DemoData:SeedOnFirstStart=true"]);

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_api_replicas_starting_together_seed_the_demo_account_exactly_once()
    {
        // Each replica logs one of the two outcomes once it has held the lock.
        var outcomes = await Eventually.HoldsAsync(
            () => Task.FromResult(Stack.LogLines("api").Where(line => line.Contains(Seeded, StringComparison.Ordinal) || line.Contains(Skipped, StringComparison.Ordinal)).ToList()),
            lines => lines.Count >= ApiEndpoints.ReplicaCount, Timeout, "every api replica's first-start outcome");

        Assert.Single(outcomes, line => line.Contains(Seeded, StringComparison.Ordinal));
        Assert.Equal(ApiEndpoints.ReplicaCount - 1, outcomes.Count(line => line.Contains(Skipped, StringComparison.Ordinal)));
        Assert.Equal(1L, await ClickStore.ScalarAsync(Stack, "SELECT count(*) FROM accounts WHERE email_normalized = 'demo@example.com'"));
        Assert.Equal(FirstStartLinks, await ClickStore.ScalarAsync(Stack,
            "SELECT count(*) FROM links l JOIN accounts a ON a.id = l.owner_id WHERE a.email_normalized = 'demo@example.com'"));
        // Its clicks reach the rollups the link page charts.
        await Eventually.HoldsAsync(
            () => ClickStore.ScalarAsync(Stack, "SELECT count(DISTINCT date_trunc('day', hour)) FROM link_click_hours"),
            days => days >= 5, Timeout, "demo clicks on several days");
    }
}
