using System.Net;
using ApiContract;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

[Collection(FailureDrills.Name)]
public sealed class RedisFrozenTests(FailureDrillStack shared)
{
    private const int RequestsPerReplica = 60;
    private const int Concurrency = 6;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Redis_frozen_during_a_redirect_burst_every_redirect_answers_its_target_read_from_the_replica()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        Assert.Equal(3, replicas.Count);
        var ids = replicas.Select(r => r.Replica).ToList();
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var targets = new Dictionary<string, string>();
        for (var i = 0; i < 8; i++)
        {
            var target = $"https://example.com/frozen-cache/{i}";
            targets[(await user.CreateLinkAsync(replicas[i % 3].Client, target, Cancellation)).GetProperty("code").GetString()!] = target;
        }
        var before = await ReplicaTraffic.ReportedAfterAsync(replicas[0].Client, ids, DateTimeOffset.UtcNow, Cancellation);

        // SIGSTOP, every process of it: connections stay open and nothing answers, like a Redis stalled
        // by a saturated machine (not one that is down and refuses connections).
        var cache = shared.Stack.ResourceIdOf("cache");
        var frozen = ProcessIdentity.WithDescendants([shared.Stack.StartedProcessIds()[cache]]);
        Assert.NotEmpty(frozen);
        ProcessSignals.Freeze(frozen);
        try
        {
            await Task.WhenAll(replicas.Select(r => BurstAsync(r.Replica, r.Client, targets)));
        }
        finally
        {
            ProcessSignals.Thaw(frozen);
        }

        var after = await ReplicaTraffic.ReportedAfterAsync(replicas[0].Client, ids, DateTimeOffset.UtcNow, Cancellation);
        foreach (var id in ids)
        {
            var made = after[id] - before[id];
            Assert.True(made.Redirects >= RequestsPerReplica, $"{id}: {made}");
            // Without Redis no fence is known from it; before this, every such miss read the primary.
            Assert.True(made.PrimaryReads == 0, $"{id} read the primary for want of a fence: {made}");
            Assert.True(made.ReplicaReads >= 1 && made.ReplicaReads >= 0.9 * made.Reads, $"{id} did not read mostly from the replica: {made}");
        }
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }

    // RequestsPerReplica redirects to one replica, Concurrency at a time, over the codes in turn.
    private async Task BurstAsync(string replica, HttpClient client, Dictionary<string, string> targets)
    {
        var codes = targets.Keys.ToList();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < RequestsPerReplica)
            {
                var code = codes[n % codes.Count];
                using var response = await client.GetAsync("/" + code, Cancellation);
                Assert.True(response.StatusCode == HttpStatusCode.Found, $"{replica} answered {(int)response.StatusCode} for {code} with Redis frozen");
                Assert.Equal(targets[code], response.Headers.Location?.AbsoluteUri);
                Assert.Equal(replica, Assert.Single(response.Headers.GetValues(ContractHeaders.ServedBy)));
            }
        }));
    }
}
