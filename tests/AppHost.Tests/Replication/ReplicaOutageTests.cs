using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using StackExchange.Redis;

namespace AppHost.Tests.Replication;

[Collection(FailureDrills.Name)]
public sealed class ReplicaOutageTests(FailureDrillStack shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_the_replica_stopped_lists_analytics_and_redirects_succeed_from_the_primary_and_reads_return_to_it_once_it_answers_again()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/replica-outage", Cancellation)).GetProperty("code").GetString()!;
        Assert.Equal("replica", await Eventually.HoldsAsync(() => ListSourceAsync(api, user), source => source == "replica", Timeout, "lists served by the replica"));
        var replica = shared.Stack.ResourceIdOf("postgres-replica");

        // Stopped with SIGSTOP, every process of it: its port still accepts connections and open sessions
        // stay open, but nothing answers, the hardest kind of down for a client.
        var frozen = ProcessIdentity.WithDescendants([shared.Stack.StartedProcessIds()[replica]]);
        ProcessSignals.Freeze(frozen);
        try
        {
            // Every api replica meets the dead replica at least once through the proxy.
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal("primary-down", await ListSourceAsync(api, user));

                using var stats = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/links/{code}/stats?from={DateTime.UtcNow.AddHours(-i - 1):yyyy-MM-ddTHH:mm:ssZ}"), Cancellation);
                Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
                Assert.Equal("primary-down", stats.Headers.GetValues(ContractHeaders.ReadSource).Single());

                await redis.GetDatabase().KeyDeleteAsync("redirect:" + code); // a cache miss on every redirect
                using var redirect = await api.GetAsync("/" + code, Cancellation);
                Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
                Assert.Equal("https://example.com/replica-outage", redirect.Headers.Location?.AbsoluteUri);
            }
            var status = await Eventually.HoldsAsync(() => ReplicaReplay.StatusAsync(api, Cancellation), s => s.GetProperty("state").GetString() == "down", Timeout, "the replication endpoint reporting the replica down");
            Assert.Equal(JsonValueKind.Null, status.GetProperty("lagBytes").ValueKind);
            Assert.Equal("Healthy", shared.Stack.Resources.First(r => r.Resource.Name == "api").Snapshot.HealthStatus?.ToString());
        }
        finally
        {
            ProcessSignals.Thaw(frozen);
        }

        Assert.Equal("replica", await Eventually.HoldsAsync(() => ListSourceAsync(api, user), source => source == "replica", Timeout, "lists served by the replica again"));

        // Every api replica, not only those the proxy picked above, is back on the replica before the
        // next drill on this stack: a circuit left open would send its reads to the primary for seconds.
        foreach (var (apiReplica, client) in ApiEndpoints.EachReplica(shared.Stack))
        {
            using (client)
            {
                await Eventually.HoldsAsync(() => ListSourceAsync(client, user), source => source == "replica", Timeout, $"{apiReplica} reading from the replica again");
            }
        }
    }

    private async Task<string> ListSourceAsync(HttpClient api, TestUser user)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, "/api/links"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("https://example.com/replica-outage", body.GetProperty("items")[0].GetProperty("url").GetString());
        return response.Headers.GetValues(ContractHeaders.ReadSource).Single();
    }
}
