using AppHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Benchmarks.Stack;

// The real AppHost on the process runtime, as the test suite starts it, with three changes for
// measuring: the services run as Production (trace sampling at its production ratio, no development
// pages), the per-account link-creation limit is lifted so the create scenario measures the write path
// and not the limiter, and one more Worker instance that writes one click per transaction (the
// baseline batching must beat) waits, not started, until the harness starts it.
public sealed class BenchmarkStack : IAsyncDisposable
{
    public const string BaselineWorker = "worker-baseline";
    public static readonly string[] Services = ["api", "worker", "web", BaselineWorker];

    private BenchmarkStack(RunningStack stack) => Stack = stack;

    public RunningStack Stack { get; }

    // What a client sees: the orchestrator's proxy in front of every api replica.
    public Uri ApiThroughProxy => Loopback(Stack.App.GetEndpoint("api", "http"));

    public static async Task<BenchmarkStack> StartAsync(CancellationToken cancellationToken)
    {
        var stack = await RunningStack.StartAsync(cancellationToken, builder =>
        {
            // The console is the harness's: the resources' logs stay in RunningStack, which shows them when something fails.
            builder.Services.AddLogging(logging => logging.ClearProviders());
            // The harness measures throughput from one address; the limits are tested in AppHost.Tests' RateLimitTests.
            var api = builder.CreateResourceBuilder<ProjectResource>("api")
                .WithEnvironment("RateLimiting__LinkCreationPerAccount__PermitLimit", "1000000000")
                .WithEnvironment("RateLimiting__RegistrationPerClientIp__PermitLimit", "1000000000");
            var worker = builder.CreateResourceBuilder<ProjectResource>("worker");
            builder.AddProject(BaselineWorker, worker.Resource.GetProjectMetadata().ProjectPath)
                .WithExplicitStart()
                .WithEnvironment("Clicks__BatchSize", "1")
                .WithEnvironment("ShortLinks__BaseUrl", api.GetEndpoint("http"))
                .WithReference(builder.CreateResourceBuilder<IResourceWithConnectionString>("messaging"))
                .WithReference(builder.CreateResourceBuilder<IResourceWithConnectionString>("links"))
                .WithReference(builder.CreateResourceBuilder<IResourceWithConnectionString>("links-replica"))
                .WithHttpHealthCheck("/health");
            foreach (var service in Services)
            {
                builder.CreateResourceBuilder<ProjectResource>(service)
                    .WithEnvironment("ASPNETCORE_ENVIRONMENT", Environments.Production)
                    .WithEnvironment("DOTNET_ENVIRONMENT", Environments.Production);
            }
        });
        return new BenchmarkStack(stack);
    }

    // The running instances of a resource (each replica is one), in a stable order.
    public IReadOnlyList<string> Instances(string resourceName) =>
        [.. Stack.Resources
            .Where(r => r.Resource.Name == resourceName && r.Snapshot.State?.Text == KnownResourceStates.Running)
            .Select(r => r.ResourceId)
            .Order()];

    public IReadOnlyList<string> AllInstances(string resourceName) =>
        [.. Stack.Resources.Where(r => r.Resource.Name == resourceName).Select(r => r.ResourceId).Order()];

    // One api replica's own port, without the proxy.
    public Uri ReplicaUrl(string resourceId)
    {
        var replica = Stack.Resources.Single(r => r.ResourceId == resourceId);
        var urls = replica.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value
            ?? throw new InvalidOperationException($"{resourceId} has no ASPNETCORE_URLS.");
        return Loopback(new Uri(urls.Split(';').First(u => u.StartsWith("http://", StringComparison.Ordinal))));
    }

    // Takes one instance out with kill -9. The dashboard's Stop is not used for the projects: an api
    // replica's graceful shutdown outlasted the orchestrator's wait (about 10 s) under load, and the
    // instance was then left neither running nor stopped.
    public async Task KillAsync(string resourceId, CancellationToken cancellationToken)
    {
        Stack.Crash(resourceId);
        await Stack.WaitUntilStoppedAsync(resourceId, cancellationToken);
    }

    // The dashboard's Stop, for the servers (Redis, RabbitMQ, PostgreSQL).
    public Task StopAsync(string resourceId, CancellationToken cancellationToken) => Stack.StopAsync(resourceId, cancellationToken);

    public Task StartAsync(string resourceId, CancellationToken cancellationToken) => Stack.StartAgainAsync(resourceId, cancellationToken);

    public string ConnectionString(string resourceName) => Stack.ConnectionString(resourceName);

    // wrk resolves "localhost" to ::1 first; every service here listens on IPv4 loopback.
    private static Uri Loopback(Uri url) => new(url.GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    public ValueTask DisposeAsync() => Stack.DisposeAsync();
}
