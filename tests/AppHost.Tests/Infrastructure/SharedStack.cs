namespace AppHost.Tests.Infrastructure;

// One running stack for every test that only observes it; tests that break things start their own.
public sealed class SharedStack : IAsyncLifetime
{
    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    // A target host the api and the worker refuse, with its subdomains (ShortLinks:BlockedHosts); no other test links to it.
    public const string BlockedHost = "blocked-host.example";

    // Rows one account may import in 24 hours here (Imports:RowsPerAccountPerDay), small enough for a test to spend.
    public const int ImportRowsPerDay = 100;

    // Requests one API key may make in a minute here (RateLimiting:ApiKeyRequests), few enough for a test to spend quickly.
    public const int ApiKeyRequestsPerMinute = 120;

    // The Workers' click retention job runs this often here, deleting this many rows per batch (ClickRetention:*).
    public static readonly TimeSpan ClickRetentionInterval = TimeSpan.FromSeconds(2);
    public const int ClickRetentionBatchSize = 3;

    // The Workers' visitor set retention job runs this often here, deleting this many rows per batch (VisitorSetRetention:*).
    public static readonly TimeSpan VisitorSetRetentionInterval = TimeSpan.FromSeconds(2);
    public const int VisitorSetRetentionBatchSize = 3;

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken, builder =>
        {
            foreach (var service in new[] { "api", "worker" })
            {
                builder.CreateResourceBuilder<ProjectResource>(service).WithEnvironment("ShortLinks__BlockedHosts__0", BlockedHost);
            }
            builder.CreateResourceBuilder<ProjectResource>("worker")
                .WithEnvironment("ClickRetention__Interval", ClickRetentionInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("ClickRetention__BatchSize", ClickRetentionBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("VisitorSetRetention__Interval", VisitorSetRetentionInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("VisitorSetRetention__BatchSize", VisitorSetRetentionBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.CreateResourceBuilder<ProjectResource>("api")
                .WithEnvironment("Imports__RowsPerAccountPerDay", ImportRowsPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("RateLimiting__ApiKeyRequests__PermitLimit", ApiKeyRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}
