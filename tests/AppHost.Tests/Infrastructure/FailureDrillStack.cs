namespace AppHost.Tests.Infrastructure;

// A stack of its own for the tests that stop or kill parts of it, so a drill that goes wrong cannot
// leave the shared stack broken for every test after it.
public sealed class FailureDrillStack : IAsyncLifetime
{
    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    // Each api replica buffers at most this many click events, so a drill can fill a buffer quickly.
    public const int ClickBufferCapacity = 50;

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken, builder =>
            builder.CreateResourceBuilder<ProjectResource>("api").WithEnvironment("Clicks__BufferCapacity", ClickBufferCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FailureDrills : ICollectionFixture<FailureDrillStack>
{
    public const string Name = "Failure drills";
}
