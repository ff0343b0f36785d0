using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Traffic;

public sealed class SystemTrafficTests(SharedStack shared)
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Any_replica_answers_for_every_api_replicas_redirects_with_the_click_queue_clicks_stored_and_replication()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/traffic", Cancellation)).GetProperty("code").GetString()!;
        var replicaIds = shared.Stack.Resources.Where(r => r.Resource.Name == "api").Select(r => r.ResourceId).ToHashSet();
        Assert.Equal(ApiEndpoints.ReplicaCount, replicaIds.Count);
        var before = await TrafficAsync(api);

        // A fresh connection for each request: the orchestrator's proxy balances connections, not requests.
        var sentThrough = new Dictionary<string, int>();
        for (var attempt = 0; attempt < 60 && (sentThrough.Count < 3 || sentThrough.Values.Sum() < 9); attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + code);
            request.Headers.ConnectionClose = true;
            using var response = await api.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            var replica = Assert.Single(response.Headers.GetValues(ContractHeaders.ServedBy));
            sentThrough[replica] = sentThrough.GetValueOrDefault(replica) + 1;
        }
        Assert.Equal(replicaIds.Order(), sentThrough.Keys.Order());
        var sent = sentThrough.Values.Sum();

        var after = await Eventually.HoldsAsync(
            () => TrafficAsync(api),
            traffic => traffic.GetProperty("complete").GetBoolean()
                && replicaIds.IsSubsetOf(ReplicaIds(traffic))
                && sentThrough.All(through => Redirected(traffic, through.Key) - Redirected(before, through.Key) >= through.Value)
                && traffic.GetProperty("clicksRecorded").ValueKind == JsonValueKind.Number
                && traffic.GetProperty("clicksRecorded").GetInt64() - ClicksRecorded(before) >= sent,
            ReportTimeout,
            $"every api replica reporting the {sent} redirects sent through it, and their clicks recorded");

        Assert.Equal(["servedBy", "sampledAt", "apiReplicas", "redirects", "reads", "complete", "clickQueue", "clicksRecorded", "replication"], after.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["id", "reportedAt", "redirects", "reads"], after.GetProperty("apiReplicas")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["hit", "miss", "notFound"], after.GetProperty("redirects").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["replica", "primaryLag", "primaryDown", "primary"], after.GetProperty("reads").EnumerateObject().Select(p => p.Name));
        Assert.Contains(after.GetProperty("servedBy").GetString()!, replicaIds);
        Assert.Equal(ReplicaIds(after).Order(StringComparer.Ordinal), ReplicaIds(after));
        var redirects = after.GetProperty("redirects");
        Assert.Equal(
            after.GetProperty("apiReplicas").EnumerateArray().Sum(replica => Found(replica.GetProperty("redirects"))),
            Found(redirects));
        Assert.True(Found(redirects) - Found(before.GetProperty("redirects")) >= sent);
        Assert.All(after.GetProperty("reads").EnumerateObject(), source => Assert.True(source.Value.GetInt64() >= 0));
        var clickQueue = after.GetProperty("clickQueue");
        Assert.True(clickQueue.GetProperty("messages").GetInt64() >= 0);
        Assert.True(clickQueue.GetProperty("consumers").GetInt64() >= 1, $"click queue consumers: {clickQueue}");
        Assert.Contains(after.GetProperty("replication").GetProperty("state").GetString(), new[] { "streaming", "paused", "down", "unknown" });
    }

    private async Task<JsonElement> TrafficAsync(HttpClient api)
    {
        using var response = await api.GetAsync("/api/system/traffic", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static List<string> ReplicaIds(JsonElement traffic) =>
        [.. traffic.GetProperty("apiReplicas").EnumerateArray().Select(replica => replica.GetProperty("id").GetString()!)];

    // Redirects that found their link (from the cache or after a miss) through one replica, 0 if it did not report.
    private static long Redirected(JsonElement traffic, string replicaId) =>
        traffic.GetProperty("apiReplicas").EnumerateArray()
            .Where(replica => replica.GetProperty("id").GetString() == replicaId)
            .Sum(replica => Found(replica.GetProperty("redirects")));

    private static long Found(JsonElement redirects) => redirects.GetProperty("hit").GetInt64() + redirects.GetProperty("miss").GetInt64();

    private static long ClicksRecorded(JsonElement traffic) =>
        traffic.GetProperty("clicksRecorded").ValueKind == JsonValueKind.Number ? traffic.GetProperty("clicksRecorded").GetInt64() : 0;
}
