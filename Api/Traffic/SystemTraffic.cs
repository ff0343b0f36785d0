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

// One api replica's redirects and reads since it started, as of ReportedAt.
public sealed record ApiReplicaTraffic(string Id, DateTimeOffset ReportedAt, RedirectCounts Redirects, ReadCounts Reads);

// Redirects by how they were resolved: from the Redis cache, from Postgres after a cache miss, or to a
// code that does not resolve (the "result" tag of links.redirects: hit, miss, not_found).
public sealed record RedirectCounts(long Hit, long Miss, long NotFound)
{
    public static RedirectCounts Zero { get; } = new(0, 0, 0);

    public static RedirectCounts operator +(RedirectCounts left, RedirectCounts right) =>
        new(left.Hit + right.Hit, left.Miss + right.Miss, left.NotFound + right.NotFound);
}

// Database reads by the server that answered (the "source" tag of links.db.reads; see ReadSource).
public sealed record ReadCounts(long Replica, long PrimaryLag, long PrimaryDown, long Primary)
{
    public static ReadCounts Zero { get; } = new(0, 0, 0, 0);

    public static ReadCounts operator +(ReadCounts left, ReadCounts right) =>
        new(left.Replica + right.Replica, left.PrimaryLag + right.PrimaryLag, left.PrimaryDown + right.PrimaryDown, left.Primary + right.Primary);
}
