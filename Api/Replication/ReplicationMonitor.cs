using Api.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using ReadRouting;

namespace Api.Replication;

// Samples the replica's replay position against the primary's every second, for the lag metrics and
// GET /api/system/replication, with the replica identity check's last verdict (ReadRouting's
// ReplicaIdentityMonitor, which the Worker runs too). Callers read the last sample, so the endpoint costs no query.
public sealed class ReplicationMonitor : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource primary;
    private readonly NpgsqlDataSource replica;
    private readonly ReplicaIdentityMonitor identity;
    private readonly TimeProvider time;
    private readonly ILogger<ReplicationMonitor> logger;
    private volatile ReplicationStatus latest = ReplicationStatus.Unknown;
    private volatile SampledPosition? primaryPosition;

    public ReplicationMonitor(
        NpgsqlDataSource primary,
        [FromKeyedServices(LinksDatabase.ReplicaName)] NpgsqlDataSource replica,
        ReplicaIdentityMonitor identity,
        ApiMetrics metrics,
        TimeProvider time,
        ILogger<ReplicationMonitor> logger)
    {
        this.identity = identity;
        this.primary = primary;
        this.replica = replica;
        this.time = time;
        this.logger = logger;
        metrics.ObserveReplicationLag(() => latest);
    }

    public ReplicationStatus Latest => latest;

    // The primary's WAL position at the last sample that could read it, and when: every change
    // committed before that moment is at or before it. Null until the first such sample.
    public SampledPosition? PrimaryPosition => primaryPosition;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            using var untraced = UntracedPolling.Begin();
            latest = (await SampleAsync(stoppingToken)).With(identity.Latest);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<ReplicationStatus> SampleAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(QueryTimeout);
        bool paused;
        NpgsqlLogSequenceNumber replayed;
        DateTime? lastReplayedCommit;
        DateTime replicaNow;
        try
        {
            await using var connection = await replica.OpenConnectionAsync(timeout.Token);
            await using var select = new NpgsqlCommand(
                "SELECT pg_is_wal_replay_paused(), pg_last_wal_replay_lsn(), pg_last_xact_replay_timestamp(), now()", connection);
            await using var reader = await select.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            paused = reader.GetBoolean(0);
            replayed = reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
            lastReplayedCommit = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTime>(2);
            replicaNow = reader.GetFieldValue<DateTime>(3);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidCastException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "Replica not sampled");
            return new ReplicationStatus("down", null, null, time.GetUtcNow());
        }

        try
        {
            // Read after the replica's position, so the lag is never under-stated.
            await using var connection = await primary.OpenConnectionAsync(timeout.Token);
            var sampledAt = time.GetUtcNow(); // before the read: the position covers every commit before this moment
            var current = (await LinksDatabase.PositionAfterCommitAsync(connection, timeout.Token)).Position;
            primaryPosition = new SampledPosition(new ConsistencyToken(current), sampledAt);
            var lagBytes = current > replayed ? (long)(ulong)current - (long)(ulong)replayed : 0L;
            double? lagSeconds = lagBytes == 0 ? 0 : lastReplayedCommit is { } at ? Math.Max(0, (replicaNow - at).TotalSeconds) : null;
            return new ReplicationStatus(paused ? "paused" : "streaming", lagBytes, lagSeconds, time.GetUtcNow());
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "Primary not sampled");
            return new ReplicationStatus(paused ? "paused" : "streaming", null, null, time.GetUtcNow());
        }
    }
}

// A position of the primary's WAL and when it was read.
public sealed record SampledPosition(ConsistencyToken Position, DateTimeOffset SampledAt);
