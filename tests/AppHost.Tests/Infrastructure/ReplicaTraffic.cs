using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Tests.Infrastructure;

// One api replica's counts since it started, as GET /api/system/traffic reports them: redirects by
// result and database reads by the server that answered.
public sealed record ReplicaTraffic(long Redirects, long ReplicaReads, long PrimaryLagReads, long PrimaryDownReads, long PrimaryReads)
{
    public long Reads => ReplicaReads + PrimaryLagReads + PrimaryDownReads + PrimaryReads;

    public static ReplicaTraffic operator -(ReplicaTraffic after, ReplicaTraffic before) => new(
        after.Redirects - before.Redirects,
        after.ReplicaReads - before.ReplicaReads,
        after.PrimaryLagReads - before.PrimaryLagReads,
        after.PrimaryDownReads - before.PrimaryDownReads,
        after.PrimaryReads - before.PrimaryReads);

    // Each replica's counts as reported after a moment: everything it counted before then is in them
    // (replicas report every second; the one that answers reports itself as it answers).
    public static async Task<IReadOnlyDictionary<string, ReplicaTraffic>> ReportedAfterAsync(
        HttpClient api, IReadOnlyCollection<string> replicaIds, DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var traffic = await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await api.GetAsync("/api/system/traffic", cancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            },
            traffic => traffic.GetProperty("complete").GetBoolean()
                && replicaIds.All(id => traffic.GetProperty("apiReplicas").EnumerateArray().Any(replica =>
                    replica.GetProperty("id").GetString() == id && replica.GetProperty("reportedAt").GetDateTimeOffset() > moment)),
            TimeSpan.FromSeconds(60),
            $"api replicas {string.Join(", ", replicaIds)} reporting their traffic after {moment:O}");
        return traffic.GetProperty("apiReplicas").EnumerateArray()
            .Where(replica => replicaIds.Contains(replica.GetProperty("id").GetString()!))
            .ToDictionary(replica => replica.GetProperty("id").GetString()!, Parse);
    }

    private static ReplicaTraffic Parse(JsonElement replica)
    {
        var redirects = replica.GetProperty("redirects");
        var reads = replica.GetProperty("reads");
        return new ReplicaTraffic(
            redirects.GetProperty("hit").GetInt64() + redirects.GetProperty("miss").GetInt64() + redirects.GetProperty("notFound").GetInt64(),
            reads.GetProperty("replica").GetInt64(),
            reads.GetProperty("primaryLag").GetInt64(),
            reads.GetProperty("primaryDown").GetInt64(),
            reads.GetProperty("primary").GetInt64());
    }
}
