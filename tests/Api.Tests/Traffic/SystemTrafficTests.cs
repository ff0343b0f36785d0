using Api.Replication;
using Api.Traffic;

namespace Api.Tests.Traffic;

public sealed class SystemTrafficTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 17, 5, TimeSpan.Zero);
    private static readonly ReplicationStatus Replication = new("streaming", 0, 0, Now);

    [Fact]
    public void The_answer_sums_every_reported_replica_and_uses_the_report_of_the_answering_one()
    {
        var reported = new[]
        {
            Replica("api-a", hit: 10, replicaReads: 4),
            Replica("api-b", hit: 5, replicaReads: 1),
            Replica("api-c", hit: 1, replicaReads: 0),
        };
        var ownLive = Replica("api-b", hit: 7, replicaReads: 2); // a moment newer than its report

        var traffic = SystemTraffic.Combine(ownLive, Now, reported, new ClickQueueStatus(3, 2), 42, Replication);

        Assert.Equal("api-b", traffic.ServedBy);
        Assert.True(traffic.Complete);
        Assert.Equal(reported, traffic.ApiReplicas);
        Assert.Equal(new RedirectCounts(16, 3, 6), traffic.Redirects);
        Assert.Equal(new ReadCounts(5, 3, 6, 9), traffic.Reads);
        Assert.Equal(new ClickQueueStatus(3, 2), traffic.ClickQueue);
        Assert.Equal(42, traffic.ClicksRecorded);
        Assert.Same(Replication, traffic.Replication);
    }

    [Fact]
    public void An_answering_replica_that_has_not_reported_yet_adds_its_live_counts_in_id_order()
    {
        var traffic = SystemTraffic.Combine(Replica("api-b", hit: 2, replicaReads: 1), Now, [Replica("api-a", hit: 1, replicaReads: 1), Replica("api-c", hit: 1, replicaReads: 1)], null, null, Replication);

        Assert.Equal(["api-a", "api-b", "api-c"], traffic.ApiReplicas.Select(replica => replica.Id));
        Assert.Equal(4, traffic.Redirects.Hit);
        Assert.True(traffic.Complete);
    }

    [Fact]
    public void Without_Redis_the_answer_is_incomplete_and_holds_only_the_answering_replica()
    {
        var own = Replica("api-b", hit: 2, replicaReads: 1);

        var traffic = SystemTraffic.Combine(own, Now, reported: null, null, null, ReplicationStatus.Unknown);

        Assert.False(traffic.Complete);
        Assert.Equal([own], traffic.ApiReplicas);
        Assert.Equal(own.Redirects, traffic.Redirects);
        Assert.Equal(own.Reads, traffic.Reads);
        Assert.Null(traffic.ClickQueue);
        Assert.Null(traffic.ClicksRecorded);
    }

    private static ApiReplicaTraffic Replica(string id, long hit, long replicaReads) =>
        new(id, Now, new RedirectCounts(hit, 1, 2), new ReadCounts(replicaReads, 1, 2, 3));
}
