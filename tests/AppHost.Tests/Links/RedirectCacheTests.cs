using System.Net;
using ApiContract;
using AppHost.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace AppHost.Tests.Links;

public sealed class RedirectCacheTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redirect_fills_the_cache_and_an_unknown_code_is_cached_as_unknown_for_a_short_time()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/cached", Cancellation)).GetProperty("code").GetString()!;
        var unknown = "unknown-" + Guid.NewGuid().ToString("N")[..10];
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));

        using var found = await api.GetAsync("/" + code, Cancellation);
        using var notFound = await api.GetAsync("/" + unknown, Cancellation);

        Assert.Equal(HttpStatusCode.Found, found.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("1|https://example.com/cached", (string?)await redis.GetDatabase().StringGetAsync("redirect:" + code));
        Assert.Equal("0|", (string?)await redis.GetDatabase().StringGetAsync("redirect:" + unknown));
        Assert.InRange((await redis.GetDatabase().KeyTimeToLiveAsync("redirect:" + unknown))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_edit_through_one_replica_redirects_to_the_new_target_through_every_replica_at_once_and_a_delete_404s_at_once()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        Assert.Equal(3, replicas.Count);
        var (_, editor) = replicas[0];
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(editor, "https://example.com/v1", Cancellation)).GetProperty("code").GetString()!;
        await AssertEveryReplicaRedirectsAsync(replicas, code, "https://example.com/v1"); // and caches v1

        using var edit = await editor.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/v2" }), Cancellation);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        await AssertEveryReplicaRedirectsAsync(replicas, code, "https://example.com/v2");

        using var delete = await replicas[1].Client.SendAsync(user.Request(HttpMethod.Delete, $"/api/links/{code}"), Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertEveryReplicaRedirectsAsync(replicas, code, null);

        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_code_cached_as_unknown_redirects_through_every_replica_as_soon_as_it_is_created()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var code = "soon-" + Guid.NewGuid().ToString("N")[..10];
        await AssertEveryReplicaRedirectsAsync(replicas, code, null); // cached as unknown

        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        await user.CreateLinkAsync(replicas[2].Client, "https://example.com/now-it-exists", Cancellation, code);

        await AssertEveryReplicaRedirectsAsync(replicas, code, "https://example.com/now-it-exists");
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_create_is_in_Redis_when_it_is_answered_and_its_queued_refresh_is_deleted_afterwards()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var codes = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var code = (await user.CreateLinkAsync(api, $"https://example.com/created/{i}", Cancellation)).GetProperty("code").GetString()!;
            Assert.Equal($"1|https://example.com/created/{i}", (string?)await redis.GetDatabase().StringGetAsync("redirect:" + code));
            codes.Add(code);
        }

        await using var postgres = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await postgres.OpenAsync(Cancellation);
        await Eventually.HoldsAsync(
            async () =>
            {
                await using var queued = new NpgsqlCommand("SELECT count(*) FROM redirect_cache_refreshes WHERE code = ANY(@codes)", postgres);
                queued.Parameters.AddWithValue("codes", codes.ToArray());
                return (long)(await queued.ExecuteScalarAsync(Cancellation))!;
            },
            count => count == 0,
            TimeSpan.FromSeconds(30),
            "the created links' queued refreshes being deleted");
    }

    [Fact]
    public async Task Concurrent_misses_for_one_code_on_one_replica_make_one_database_read_and_all_redirect()
    {
        const int Requests = 20;
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var (tested, client) = replicas[0];
        var (_, other) = replicas[1];
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(other, "https://example.com/hot", Cancellation)).GetProperty("code").GetString()!;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        // Connections open beforehand, one per request, so the redirects reach the replica together.
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var alive = await client.GetAsync("/alive", Cancellation);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }));
        var before = (await ReplicaTraffic.ReportedAfterAsync(other, [tested], DateTimeOffset.UtcNow, Cancellation))[tested];

        await RedirectCacheEntries.RemoveAsync(shared.Stack, code);
        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => client.GetAsync("/" + code, Cancellation)));

        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                Assert.Equal("https://example.com/hot", response.Headers.Location?.AbsoluteUri);
                Assert.Equal(tested, Assert.Single(response.Headers.GetValues(ContractHeaders.ServedBy)));
            }
        }
        var made = (await ReplicaTraffic.ReportedAfterAsync(other, [tested], DateTimeOffset.UtcNow, Cancellation))[tested] - before;
        Assert.Equal(Requests, made.Redirects);
        Assert.True(made.Reads == 1, $"{Requests} concurrent misses for {code} on {tested} made {made.Reads} database reads ({made})");
        Assert.Equal("1|https://example.com/hot", (string?)await redis.GetDatabase().StringGetAsync("redirect:" + code));
        foreach (var (_, replica) in replicas)
        {
            replica.Dispose();
        }
    }

    private async Task AssertEveryReplicaRedirectsAsync(IReadOnlyList<(string Replica, HttpClient Client)> replicas, string code, string? target)
    {
        foreach (var (replica, client) in replicas)
        {
            using var response = await client.GetAsync("/" + code, Cancellation);
            Assert.Equal(replica, Assert.Single(response.Headers.GetValues(ContractHeaders.ServedBy)));
            if (target is null)
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{replica} answered {response.StatusCode} for deleted or unknown {code}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Found, $"{replica} answered {response.StatusCode} for {code}");
                Assert.Equal(target, response.Headers.Location?.AbsoluteUri);
            }
        }
    }
}
