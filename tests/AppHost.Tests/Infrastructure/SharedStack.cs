namespace AppHost.Tests.Infrastructure;

// One running stack for every test that only observes it; tests that break things start their own.
public sealed class SharedStack : IAsyncLifetime
{
    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}
