using System.Net;

namespace AppHost.Tests.Infrastructure;

// Ways to reach the api: through the orchestrator's proxy (what any client sees), or one replica
// directly, to prove that what one replica did another one honours. Both remember each user's
// consistency token (ConsistencyTokenMemory).
public static class ApiEndpoints
{
    public static HttpClient ThroughProxy(RunningStack stack) =>
        new(new ConsistencyTokenMemory(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.Zero }))
        {
            BaseAddress = stack.App.GetEndpoint("api", "http"),
        };

    // The AppHost's WithReplicas(3) for the api.
    public const int ReplicaCount = 3;

    // One client per api replica, each talking to that replica's own port. A test that checks "every
    // replica" must not pass by finding fewer of them, so this fails unless all of them are running.
    public static IReadOnlyList<(string Replica, HttpClient Client)> EachReplica(RunningStack stack, IPAddress? sourceAddress = null)
    {
        var replicas = Running(stack, sourceAddress);
        if (replicas.Count != ReplicaCount)
        {
            foreach (var (_, client) in replicas)
            {
                client.Dispose();
            }
            throw new InvalidOperationException($"Expected {ReplicaCount} running api replicas, found {replicas.Count}: {string.Join(", ", replicas.Select(r => r.Replica))}.");
        }
        return replicas;
    }

    // However many api replicas are running now, for waits while one restarts.
    public static IReadOnlyList<(string Replica, HttpClient Client)> Running(RunningStack stack, IPAddress? sourceAddress = null) =>
        [.. stack.Resources
            .Where(r => r.Resource.Name == "api" && r.Snapshot.State?.Text == KnownResourceStates.Running)
            .OrderBy(r => r.ResourceId)
            .Select(r => (r.ResourceId, Direct(ReplicaUrl(r), sourceAddress)))];

    // After a replica restarts, its health in the dashboard can be reported before its new port answers.
    public static async Task WaitUntilEveryReplicaAnswersAsync(RunningStack stack, int replicas, CancellationToken cancellationToken)
    {
        await Eventually.HoldsAsync(async () =>
        {
            var clients = Running(stack);
            var answering = 0;
            foreach (var (_, client) in clients)
            {
                try
                {
                    using var response = await client.GetAsync("/alive", cancellationToken);
                    answering += response.IsSuccessStatusCode ? 1 : 0;
                }
                catch (HttpRequestException)
                {
                }
                client.Dispose();
            }
            return answering;
        }, answering => answering == replicas, TimeSpan.FromMinutes(1), $"all {replicas} api replicas answering on their own ports");
    }

    private static Uri ReplicaUrl(ResourceEvent replica)
    {
        var urls = replica.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value
            ?? throw new InvalidOperationException($"{replica.ResourceId} has no ASPNETCORE_URLS.");
        return new Uri(urls.Split(';').First(u => u.StartsWith("http://", StringComparison.Ordinal)));
    }

    // A source address other than 127.0.0.1 lets a test be a client of its own for per-IP limits.
    private static HttpClient Direct(Uri baseAddress, IPAddress? sourceAddress)
    {
        var handler = sourceAddress is null ? new SocketsHttpHandler { AllowAutoRedirect = false } : SourceAddress.Handler(sourceAddress);
        return new HttpClient(new ConsistencyTokenMemory(handler)) { BaseAddress = new Uri(baseAddress.GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };
    }

    // The key the web sends beside its browsers' addresses (ApiContract.WebForwarding), for tests that stand for
    // many browsers coming through the web.
    public static string WebForwardingKey(RunningStack stack) =>
        stack.Resources.First(r => r.Resource.Name == "api").Snapshot.EnvironmentVariables
            .FirstOrDefault(v => v.Name == "WebForwarding__Key")?.Value
        ?? throw new InvalidOperationException("The api has no WebForwarding__Key.");

    // A request as the web sends it for the browser at the given address.
    public static HttpRequestMessage ForwardedFor(this HttpRequestMessage request, IPAddress browser, string webForwardingKey)
    {
        request.Headers.Add(ApiContract.WebForwarding.ClientAddressHeader, browser.ToString());
        request.Headers.Add(ApiContract.WebForwarding.KeyHeader, webForwardingKey);
        return request;
    }
}
