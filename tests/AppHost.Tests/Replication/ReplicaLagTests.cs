using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using ReadRouting;
using StackExchange.Redis;

namespace AppHost.Tests.Replication;

// Replay paused on the replica through its dashboard command: the replica is as far behind as a test
// wants, for as long as it wants, so read-your-own-writes and cache refill safety are shown under lag
// rather than hoped for.
[Collection(FailureDrills.Name)]
public sealed class ReplicaLagTests(FailureDrillStack shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_replay_paused_a_user_reads_their_own_edit_from_the_primary_while_a_read_without_token_is_stale()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/before-edit", Cancellation)).GetProperty("code").GetString()!;
        await Eventually.HoldsAsync(() => ReadLinkAsync(api, user, code, withToken: true), read => read.Source == "replica", Timeout, "the replica serving the new link");

        await ReplicaReplay.PauseAsync(shared.Stack, api, Cancellation);
        try
        {
            using var edit = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/after-edit" }), Cancellation);
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            Assert.True(ConsistencyToken.TryParse(edit.Headers.GetValues(ContractHeaders.ConsistencyToken).Single(), out var editToken));
            Assert.Equal(editToken, ConsistencyTokenMemory.NewestFor(user));

            var own = await ReadLinkAsync(api, user, code, withToken: true);
            Assert.Equal(("https://example.com/after-edit", "primary-lag"), (own.Target, own.Source));

            // Documented staleness: without the token the replica answers, and it has not replayed the edit.
            var stale = await ReadLinkAsync(api, user, code, withToken: false);
            Assert.Equal(("https://example.com/before-edit", "replica"), (stale.Target, stale.Source));

            using var list = await api.SendAsync(user.Request(HttpMethod.Get, "/api/links"), Cancellation);
            Assert.Equal("primary-lag", list.Headers.GetValues(ContractHeaders.ReadSource).Single());
            var listed = await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal("https://example.com/after-edit", listed.GetProperty("items")[0].GetProperty("url").GetString());

            var lag = await Eventually.HoldsAsync(() => ReplicaReplay.StatusAsync(api, Cancellation),
                status => status.GetProperty("lagBytes").ValueKind == JsonValueKind.Number && status.GetProperty("lagBytes").GetInt64() > 0,
                Timeout, "the replication endpoint showing lag");
            Assert.Equal("paused", lag.GetProperty("state").GetString());
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, Cancellation);
        }

        var caughtUp = await Eventually.HoldsAsync(() => ReadLinkAsync(api, user, code, withToken: true), read => read.Source == "replica", Timeout, "the token read served by the replica again");
        Assert.Equal("https://example.com/after-edit", caughtUp.Target);
    }

    [Fact]
    public async Task With_replay_paused_an_edit_redirects_to_the_new_target_through_every_replica_and_Redis_never_takes_the_old_one_back()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/old-target", Cancellation)).GetProperty("code").GetString()!;
        var key = (RedisKey)("redirect:" + code);
        await Eventually.HoldsAsync(() => ReadLinkAsync(api, user, code, withToken: true), read => read.Source == "replica", Timeout, "the replica holding the link");
        Assert.Equal("https://example.com/old-target", await RedirectAsync(api, code));

        await ReplicaReplay.PauseAsync(shared.Stack, api, Cancellation);
        try
        {
            using var edit = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/new-target" }), Cancellation);
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            Assert.Equal("2|https://example.com/new-target", (string?)await redis.GetDatabase().StringGetAsync(key));

            var replicas = ApiEndpoints.EachReplica(shared.Stack);
            Assert.True(replicas.Count > 1, "more than one api replica");
            foreach (var (replica, client) in replicas)
            {
                using (client)
                {
                    Assert.Equal("https://example.com/new-target", await RedirectAsync(client, code));

                    // As if the entry had expired or been evicted: this miss must not be filled from the
                    // replica, which still holds the old target (the fence is past its replay position).
                    Assert.True(await redis.GetDatabase().KeyDeleteAsync(key));
                    await RedirectsToNewTargetUntilFilledAsync(client, redis, key, code);
                }
            }
            var stale = await ReadLinkAsync(api, user, code, withToken: false);
            Assert.Equal("https://example.com/old-target", stale.Target); // the replica really is behind
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, Cancellation);
        }

        Assert.Equal("2|https://example.com/new-target", (string?)await redis.GetDatabase().StringGetAsync(key));
        Assert.True(await redis.GetDatabase().KeyDeleteAsync(key));
        await RedirectsToNewTargetUntilFilledAsync(api, redis, key, code);
    }

    // Every redirect answers the new target; the first one's fill may be dropped (it has a 250 ms budget,
    // which a loaded machine can exceed), so redirect again until one has filled Redis, with the new version.
    private async Task RedirectsToNewTargetUntilFilledAsync(HttpClient client, ConnectionMultiplexer redis, RedisKey key, string code)
    {
        var filled = await Eventually.HoldsAsync(
            async () =>
            {
                Assert.Equal("https://example.com/new-target", await RedirectAsync(client, code));
                return (string?)await redis.GetDatabase().StringGetAsync(key);
            },
            value => value is not null,
            Timeout,
            "a miss filling Redis");
        Assert.Equal("2|https://example.com/new-target", filled);
    }

    // An edit, not a delete: a replica that has not replayed the edit answers the old target, which no
    // routing mistake can turn into the new one.
    [Fact]
    public async Task With_replay_paused_a_read_with_an_edits_token_sees_the_edit_on_every_api_replica()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/v1", Cancellation)).GetProperty("code").GetString()!;
        await Eventually.HoldsAsync(() => ReadLinkAsync(api, user, code, withToken: true), read => read.Source == "replica", Timeout, "the replica serving the new link");

        await ReplicaReplay.PauseAsync(shared.Stack, api, Cancellation);
        try
        {
            using var edit = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/v2" }), Cancellation);
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            Assert.True(ConsistencyToken.TryParse(edit.Headers.GetValues(ContractHeaders.ConsistencyToken).Single(), out var editToken));
            Assert.Equal(editToken, ConsistencyTokenMemory.NewestFor(user));

            foreach (var (replica, client) in ApiEndpoints.EachReplica(shared.Stack))
            {
                using (client)
                {
                    var read = await ReadLinkAsync(client, user, code, withToken: true);
                    Assert.True(read == ("https://example.com/v2", "primary-lag"), $"{replica} answered {read}");
                }
            }
            var stale = await ReadLinkAsync(api, user, code, withToken: false);
            Assert.Equal(("https://example.com/v1", "replica"), stale); // the replica really is behind
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, Cancellation);
        }
    }

    [Fact]
    public async Task With_replay_paused_an_import_still_completes_and_its_status_is_read_back_with_the_token()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        await ReplicaReplay.PauseAsync(shared.Stack, api, Cancellation);
        try
        {
            using var upload = user.Request(HttpMethod.Post, "/api/imports");
            upload.Content = new StringContent("url\nhttps://example.com/imported-under-lag\n", Encoding.UTF8, "text/csv");
            using var accepted = await api.SendAsync(upload, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.True(accepted.Headers.Contains(ContractHeaders.ConsistencyToken));
            var importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();

            // The replica has not replayed the import: without the token it would answer 404.
            using var status = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/imports/{importId}"), Cancellation);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            Assert.Equal("primary-lag", status.Headers.GetValues(ContractHeaders.ReadSource).Single());

            // The Worker reads the file with the same token: from the primary while the replica is behind.
            await Eventually.HoldsAsync(() => ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM imports WHERE id = @id AND status = 'completed' AND succeeded = 1", ("id", importId)),
                completed => completed == 1, Timeout, "the import completing while replay is paused");
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, Cancellation);
        }
    }

    private async Task<(string? Target, string Source)> ReadLinkAsync(HttpClient api, TestUser user, string code, bool withToken)
    {
        using var request = user.Request(HttpMethod.Get, $"/api/links/{code}");
        request.Options.Set(ConsistencyTokenMemory.WithoutToken, !withToken);
        using var response = await api.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return (body.GetProperty("url").GetString(), response.Headers.GetValues(ContractHeaders.ReadSource).Single());
    }

    private async Task<string?> RedirectAsync(HttpClient api, string code)
    {
        using var response = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        return response.Headers.Location?.AbsoluteUri;
    }
}
