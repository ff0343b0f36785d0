using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace AppHost.Tests.Replication;

// A stack of its own: the drill replaces the primary's cluster, which no later test could use.
public sealed class ReplicaIdentityTests : IAsyncLifetime
{
    private const string Target = "https://example.com/before-the-primary-was-reset";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private RunningStack? stack;

    private RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => stack = await RunningStack.StartAsync(Cancellation);

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_the_primarys_data_is_reset_the_old_replica_keeps_answering_as_a_standby_but_no_read_is_served_from_it()
    {
        using var api = ApiEndpoints.ThroughProxy(Stack);
        var user = await TestUser.SignUpAsync(Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, Target, Cancellation)).GetProperty("code").GetString()!;
        Assert.Equal("replica", await Eventually.HoldsAsync(() => ListAsync(api, user).ContinueWith(t => t.Result.Source), source => source == "replica", Timeout, "lists served by the replica"));
        var verified = await Eventually.HoldsAsync(() => ReplicaReplay.StatusAsync(api, Cancellation),
            status => status.GetProperty("state").GetString() == "streaming" && status.GetProperty("replicaSystemIdentifier").ValueKind == JsonValueKind.String, Timeout, "the replica's identity sampled");
        Assert.Equal(verified.GetProperty("primarySystemIdentifier").GetString(), verified.GetProperty("replicaSystemIdentifier").GetString());

        await PrimaryDataReset.ResetAsync(Stack, Cancellation);

        // The replica is still a hot standby, of the old cluster, with the old link.
        await using (var replica = new NpgsqlConnection(Stack.ConnectionString("links-replica")))
        {
            await replica.OpenAsync(Cancellation);
            await using var old = new NpgsqlCommand("SELECT pg_is_in_recovery(), (SELECT target_url FROM links WHERE code = $1)", replica) { Parameters = { new() { Value = code } } };
            await using var row = await old.ExecuteReaderAsync(Cancellation);
            Assert.True(await row.ReadAsync(Cancellation));
            Assert.True(row.GetBoolean(0));
            Assert.Equal(Target, row.GetString(1));
        }

        var status = await Eventually.HoldsAsync(() => ReplicaReplay.StatusAsync(api, Cancellation),
            s => s.GetProperty("state").GetString() == "not-a-standby-of-primary", Timeout, "the replication endpoint saying the replica is not a standby of the primary");
        Assert.NotEqual(status.GetProperty("primarySystemIdentifier").GetString(), status.GetProperty("replicaSystemIdentifier").GetString());
        Assert.Equal(verified.GetProperty("replicaSystemIdentifier").GetString(), status.GetProperty("replicaSystemIdentifier").GetString());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("reason").GetString()));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(Stack.ConnectionString("cache"));
        foreach (var (apiReplica, client) in ApiEndpoints.EachReplica(Stack))
        {
            using (client)
            {
                // Each api replica samples on its own: wait until this one has seen the new cluster, then every read is the primary's.
                var (source, items) = await Eventually.HoldsAsync(() => ListAsync(client, user), list => list.Source != "replica", Timeout, $"{apiReplica} leaving the replica");
                Assert.Equal(("primary-foreign", 0), (source, items));
                for (var i = 0; i < 5; i++)
                {
                    Assert.Equal(("primary-foreign", 0), await ListAsync(client, user));

                    // A cache miss, filled under the fence Redis kept from the old cluster: the replica has replayed past it.
                    await redis.GetDatabase().KeyDeleteAsync("redirect:" + code);
                    using var redirect = await client.GetAsync("/" + code, Cancellation);
                    Assert.Equal(HttpStatusCode.NotFound, redirect.StatusCode);
                }
            }
        }

        Assert.Contains(Stack.LogLines("api"), line => line.Contains("is not a standby of the primary", StringComparison.Ordinal));
        Assert.Contains(Stack.LogLines("worker"), line => line.Contains("is not a standby of the primary", StringComparison.Ordinal));
    }

    // The source of the user's link list and how many links it held.
    private static async Task<(string Source, int Items)> ListAsync(HttpClient api, TestUser user)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, "/api/links"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (response.Headers.GetValues(ContractHeaders.ReadSource).Single(), body.GetProperty("items").GetArrayLength());
    }
}
