using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Telemetry;

// A stack with the Aspire dashboard running, so tests can read back what every service sent it.
public sealed class TelemetryStack : IAsyncLifetime
{
    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    public Uri Dashboard => Stack.DashboardUrl;

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken, dashboard: TestDashboard.OnFreePorts());

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardTelemetryCollection : ICollectionFixture<TelemetryStack>
{
    public const string Name = "Dashboard telemetry";
}
