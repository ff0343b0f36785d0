using System.Diagnostics;
using System.Net;
using ApiContract;
using AppHost.Tests.Infrastructure;
using StackExchange.Redis;

namespace AppHost.Tests.Links;

// A stack of its own whose api replicas each hold at most L1MaxEntries redirects in their L1, so a test
// can fill it past its bound with a few links. Its L1 lease is longer than the default 500 ms: a heartbeat
// late by that much on a loaded machine rightly leaves the L1 unused for a moment (seen in CI), which is
// not what these tests are about. For the same reason a Redis call may take 1 s, not 250 ms, before it counts
// as failed: a timed-out cache write makes the replica distrust Redis and clear its L1 (the likely cause of a CI
// failure in which a replica read Postgres for a code its L1 should have held).
public sealed class SmallL1Stack : IAsyncLifetime
{
    public const int L1MaxEntries = 3;
    public static readonly TimeSpan L1Lease = TimeSpan.FromSeconds(3);

    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken, builder =>
            builder.CreateResourceBuilder<ProjectResource>("api")
                .WithEnvironment("RedirectCache__L1MaxEntries", L1MaxEntries.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("RedirectCache__L1Lease", L1Lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("RedirectCache__OperationTimeout", "00:00:01"));

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

// Each api replica's in-process L1 of hot redirects: an entry is proved to come from the L1 by deleting
// it from Redis behind the api's back (no link change, so nothing tells the replicas) and seeing the
// replica answer it without a database read.
public sealed class RedirectL1CacheTests(SmallL1Stack shared) : IClassFixture<SmallL1Stack>
{
    // The longest a link change may wait for the other replicas (RedirectCache:L1Lease), with room for
    // the request itself on a loaded machine.
    private static readonly TimeSpan ChangeBound = SmallL1Stack.L1Lease + TimeSpan.FromSeconds(2);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Once_an_edit_through_one_replica_returned_every_replicas_L1_answers_the_new_target()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        Assert.Equal(3, replicas.Count);
        var ids = replicas.Select(r => r.Replica).ToList();
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(replicas[0].Client, "https://example.com/l1/v0", Cancellation)).GetProperty("code").GetString()!;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));

        for (var version = 1; version <= 5; version++)
        {
            var previous = $"https://example.com/l1/v{version - 1}";
            await FillEveryL1Async(replicas, code, previous);
            // From the L1: the entry is gone from Redis, and no replica reads Postgres for it.
            Assert.True(await redis.GetDatabase().KeyDeleteAsync("redirect:" + code));
            var before = await ReplicaTraffic.ReportedAfterAsync(replicas[0].Client, ids, DateTimeOffset.UtcNow, Cancellation);
            await AssertEveryReplicaRedirectsAsync(replicas, code, previous);
            var after = await ReplicaTraffic.ReportedAfterAsync(replicas[0].Client, ids, DateTimeOffset.UtcNow, Cancellation);
            Assert.All(ids, id => Assert.True((after[id] - before[id]).Reads == 0, $"{id} read Postgres for {code} held in its L1: {after[id] - before[id]}"));

            var target = $"https://example.com/l1/v{version}";
            var editor = replicas[version % 3].Client;
            var elapsed = Stopwatch.StartNew();
            using var edit = await editor.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = target }), Cancellation);
            elapsed.Stop();
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            Assert.True(elapsed.Elapsed < ChangeBound, $"the edit took {elapsed.Elapsed.TotalMilliseconds} ms");

            // The bound on invalidation latency: none left once the writer has its answer.
            await AssertEveryReplicaRedirectsAsync(replicas, code, target);
        }
        using var delete = await replicas[1].Client.SendAsync(user.Request(HttpMethod.Delete, $"/api/links/{code}"), Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertEveryReplicaRedirectsAsync(replicas, code, target: null);
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_replica_holds_no_more_codes_than_its_L1_bound()
    {
        const int Codes = SmallL1Stack.L1MaxEntries + 3;
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var (tested, client) = replicas[0];
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var targets = new List<(string Code, string Target)>();
        for (var i = 0; i < Codes; i++)
        {
            var target = $"https://example.com/l1-bound/{i}";
            targets.Add(((await user.CreateLinkAsync(client, target, Cancellation)).GetProperty("code").GetString()!, target));
        }
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        foreach (var (code, target) in targets)
        {
            await FillEveryL1Async([(tested, client)], code, target);
        }

        foreach (var (code, _) in targets)
        {
            Assert.True(await redis.GetDatabase().KeyDeleteAsync("redirect:" + code));
        }
        var before = (await ReplicaTraffic.ReportedAfterAsync(client, [tested], DateTimeOffset.UtcNow, Cancellation))[tested];
        await AssertEveryReplicaRedirectsAsync([(tested, client)], targets.Select(t => t.Code), targets.Select(t => t.Target));
        var made = (await ReplicaTraffic.ReportedAfterAsync(client, [tested], DateTimeOffset.UtcNow, Cancellation))[tested] - before;

        // Every code it no longer holds reads Postgres: at least all but the bound. Some are still held.
        Assert.True(made.Reads >= Codes - SmallL1Stack.L1MaxEntries, $"{tested} answered {Codes} codes with an L1 of {SmallL1Stack.L1MaxEntries}: {made}");
        Assert.True(made.Reads < Codes, $"{tested} answered no code from its L1: {made}");
        foreach (var (_, replica) in replicas)
        {
            replica.Dispose();
        }
    }

    // A code enters a replica's L1 on its second Redis hit there (the link's creation or edit put it in Redis).
    private async Task FillEveryL1Async(IReadOnlyList<(string Replica, HttpClient Client)> replicas, string code, string target)
    {
        for (var i = 0; i < 2; i++)
        {
            await AssertEveryReplicaRedirectsAsync(replicas, code, target);
        }
    }

    private Task AssertEveryReplicaRedirectsAsync(IReadOnlyList<(string Replica, HttpClient Client)> replicas, string code, string? target) =>
        AssertEveryReplicaRedirectsAsync(replicas, [code], [target]);

    private async Task AssertEveryReplicaRedirectsAsync(IReadOnlyList<(string Replica, HttpClient Client)> replicas, IEnumerable<string> codes, IEnumerable<string?> targets)
    {
        foreach (var (code, target) in codes.Zip(targets))
        {
            foreach (var (replica, client) in replicas)
            {
                using var response = await client.GetAsync("/" + code, Cancellation);
                Assert.Equal(replica, Assert.Single(response.Headers.GetValues(ContractHeaders.ServedBy)));
                if (target is null)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{replica} answered {response.StatusCode} for deleted {code}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Found, $"{replica} answered {response.StatusCode} for {code}");
                    Assert.Equal(target, response.Headers.Location?.AbsoluteUri);
                }
            }
        }
    }
}
