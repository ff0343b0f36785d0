using System.Net;
using System.Net.Sockets;

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

    // One client per running api replica, each talking to that replica's own port.
    public static IReadOnlyList<(string Replica, HttpClient Client)> EachReplica(RunningStack stack, IPAddress? sourceAddress = null) =>
        [.. stack.Resources
            .Where(r => r.Resource.Name == "api" && r.Snapshot.State?.Text == KnownResourceStates.Running)
            .OrderBy(r => r.ResourceId)
            .Select(r => (r.ResourceId, Direct(ReplicaUrl(r), sourceAddress)))];

    // After a replica restarts, its health in the dashboard can be reported before its new port answers.
    public static async Task WaitUntilEveryReplicaAnswersAsync(RunningStack stack, int replicas, CancellationToken cancellationToken)
    {
        await Eventually.HoldsAsync(async () =>
        {
            var clients = EachReplica(stack);
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
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (sourceAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(sourceAddress, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(new ConsistencyTokenMemory(handler)) { BaseAddress = new Uri(baseAddress.GetLeftPart(UriPartial.Authority).Replace("localhost", "127.0.0.1", StringComparison.Ordinal)) };
    }
}
