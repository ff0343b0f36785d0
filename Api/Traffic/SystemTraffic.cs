using Api.Replication;

namespace Api.Traffic;

// GET /api/system/traffic: every api replica's redirects and reads since it started, as each last
// reported them (at most about a second old), their sums, and figures of the whole system. Counts
// only grow while a replica runs: a poller takes rates from the differences between two answers.
// Complete is false when Redis could not be read; ApiReplicas then holds only the answering replica.
public sealed record SystemTraffic(
    string ServedBy,
    DateTimeOffset SampledAt,
    IReadOnlyList<ApiReplicaTraffic> ApiReplicas,
    RedirectCounts Redirects,
    ReadCounts Reads,
    bool Complete,
    ClickQueueStatus? ClickQueue,
    long? ClicksRecorded,
    ReplicationStatus Replication)
{
    // reported is what Redis holds (null when it could not be read); own is the answering replica's live
    // counts, which stand in for its report only when Redis has none of it yet (it has just started).
    public static SystemTraffic Combine(
        ApiReplicaTraffic own, DateTimeOffset sampledAt, IReadOnlyList<ApiReplicaTraffic>? reported,
        ClickQueueStatus? clickQueue, long? clicksRecorded, ReplicationStatus replication)
    {
        IReadOnlyList<ApiReplicaTraffic> replicas = reported is null || reported.All(report => report.Id != own.Id)
            ? [.. (reported ?? []).Append(own).OrderBy(report => report.Id, StringComparer.Ordinal)]
            : reported;
        return new SystemTraffic(
            own.Id,
            sampledAt,
            replicas,
            replicas.Aggregate(RedirectCounts.Zero, (sum, replica) => sum + replica.Redirects),
            replicas.Aggregate(ReadCounts.Zero, (sum, replica) => sum + replica.Reads),
            reported is not null,
            clickQueue,
            clicksRecorded,
            replication);
    }
}
