namespace AppHost.Tests.Infrastructure;

// Ways to reach the web: through the orchestrator's proxy (what a browser sees), or one replica
// directly, to prove that what one replica issued (cookie, antiforgery token) another one accepts.
public static class WebEndpoints
{
    public static Uri ThroughProxy(RunningStack stack) => stack.App.GetEndpoint("web", "http");

    // The AppHost's WithReplicas(2) for the web.
    public const int ReplicaCount = 2;

    // Each web replica; fails unless all of them are running, so a loop over them cannot pass on fewer.
    public static IReadOnlyList<(string Replica, Uri Url)> EachReplica(RunningStack stack)
    {
        var replicas = Running(stack);
        return replicas.Count == ReplicaCount
            ? replicas
            : throw new InvalidOperationException($"Expected {ReplicaCount} running web replicas, found {replicas.Count}: {string.Join(", ", replicas.Select(r => r.Replica))}.");
    }

    // However many web replicas are running now, for waits while one restarts.
    public static IReadOnlyList<(string Replica, Uri Url)> Running(RunningStack stack) =>
        [.. stack.Resources
            .Where(r => r.Resource.Name == "web" && r.Snapshot.State?.Text == KnownResourceStates.Running)
            .OrderBy(r => r.ResourceId)
            .Select(r => (r.ResourceId, ReplicaUrl(r)))];

    private static Uri ReplicaUrl(ResourceEvent replica)
    {
        var urls = replica.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value
            ?? throw new InvalidOperationException($"{replica.ResourceId} has no ASPNETCORE_URLS.");
        return new Uri(urls.Split(';').First(u => u.StartsWith("http://", StringComparison.Ordinal)));
    }
}
