using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.CircuitBreaker;

namespace ReadRouting;

// The one place that decides which Postgres server a piece of data access talks to. Callers say
// what they intend: a write (the primary), or a read and what it must have seen (a consistency
// token). A read goes to the replica when the replica has replayed that token, else to the primary;
// a replica that fails or cannot be reached sends reads to the primary until it answers again.
public sealed class LinksDatabase
{
    public const string PrimaryName = "links";
    public const string ReplicaName = "links-replica";
    public const string ReplicaAttribute = "db.replica";
    public const string ReadSourceAttribute = "links.db.read_source";

    private readonly NpgsqlDataSource primary;
    private readonly NpgsqlDataSource replica;
    private readonly ReadRoutingOptions options;
    private readonly ReadRoutingMetrics metrics;
    private readonly ReplicaIdentityMonitor replicaIdentity;
    private readonly TimeProvider time;
    private readonly ILogger<LinksDatabase> logger;
    private readonly ResiliencePipeline replicaCircuit;
    private readonly SemaphoreSlim replicaConnections;

    public LinksDatabase(
        NpgsqlDataSource primary,
        [FromKeyedServices(ReplicaName)] NpgsqlDataSource replica,
        IOptions<ReadRoutingOptions> options,
        ReadRoutingMetrics metrics,
        ReplicaIdentityMonitor replicaIdentity,
        TimeProvider time,
        ILogger<LinksDatabase> logger)
    {
        this.replicaIdentity = replicaIdentity;
        this.primary = primary;
        this.replica = replica;
        this.options = options.Value;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        replicaConnections = new SemaphoreSlim(new NpgsqlConnectionStringBuilder(replica.ConnectionString).MaxPoolSize);
        replicaCircuit = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = this.options.ReplicaBreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsReplicaFailure),
                OnOpened = _ =>
                {
                    logger.LogWarning("Replica {Replica} failed; reads go to the primary until it answers again", ReplicaName);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    logger.LogInformation("Replica {Replica} answers again; reads return to it", ReplicaName);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    // Writes, and reads that are part of a write, go to the primary.
    public ValueTask<NpgsqlConnection> OpenForWriteAsync(CancellationToken cancellationToken) =>
        primary.OpenConnectionAsync(cancellationToken);

    // The primary's current WAL position: read after a commit, the commit's consistency token.
    public const string CurrentPositionSql = "SELECT pg_current_wal_lsn()";

    // The token for what has committed on this primary connection. Call it after COMMIT has
    // returned: inside the transaction the commit record is not written yet.
    public static async Task<ConsistencyToken> PositionAfterCommitAsync(NpgsqlConnection primaryConnection, CancellationToken cancellationToken)
    {
        await using var position = new NpgsqlCommand(CurrentPositionSql, primaryConnection);
        return new ConsistencyToken((NpgsqlLogSequenceNumber)(await position.ExecuteScalarAsync(cancellationToken))!);
    }

    // A token covering every write committed so far.
    public async Task<ConsistencyToken> CurrentPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        return await PositionAfterCommitAsync(connection, cancellationToken);
    }

    // A read that may be served by the replica. Without a token it may be a moment stale; with one
    // it sees at least every write up to that token.
    public Task<RoutedRead<T>> ReadAsync<T>(ConsistencyToken? token, Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        ReadAsync(token, options.TokenWaitBudget, read, cancellationToken);

    // The same, with its own wait budget (zero: use the replica only if it has replayed the token already).
    public Task<RoutedRead<T>> ReadAsync<T>(ConsistencyToken? token, TimeSpan waitBudget, Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        RouteAsync((connection, cancellation) => ReadReplicaAsync(connection, token, waitBudget, read, cancellation), read, cancellationToken);

    // A read the replica serves only if it has replayed the token already, asked in the same round trip
    // as the read itself (the replay position first, so the read's snapshot is at least that new); the
    // primary otherwise. What a cache miss uses: one round trip to the replica instead of two.
    public Task<RoutedRead<T>> ReadIfReplayedAsync<T>(ConsistencyToken token, StatementRead<T> read, CancellationToken cancellationToken) =>
        RouteAsync((connection, cancellation) => ReadReplicaIfReplayedAsync(connection, token, read, cancellation), read.RunAsync, cancellationToken);

    private async Task<RoutedRead<T>> RouteAsync<T>(
        Func<NpgsqlConnection, CancellationToken, Task<Served<T>?>> readReplica,
        Func<NpgsqlConnection, CancellationToken, Task<T>> readPrimary,
        CancellationToken cancellationToken)
    {
        // A standby of another cluster answers with another database's data, however recent its replay looks.
        if (replicaIdentity.Latest.RefusesReplica)
        {
            var onPrimary = await ReadOnPrimaryAsync(readPrimary, cancellationToken);
            Record(ReadSource.PrimaryForeign);
            return new RoutedRead<T>(onPrimary, ReadSource.PrimaryForeign);
        }

        ReadSource fallback;
        try
        {
            var served = await replicaCircuit.ExecuteAsync(
                async circuitToken =>
                {
                    // Waiting here, not in Npgsql's pool, tells a busy pool (every connection in use: overload, 503)
                    // from a replica that does not answer (a failure the circuit counts).
                    if (!await replicaConnections.WaitAsync(options.ReplicaOpenTimeout, circuitToken))
                    {
                        throw new ReplicaBusyException(
                            $"Every connection to {ReplicaName} stayed in use for {options.ReplicaOpenTimeout.TotalMilliseconds:0} ms.");
                    }
                    try
                    {
                        await using var connection = await OpenReplicaAsync(circuitToken);
                        return await readReplica(connection, circuitToken);
                    }
                    finally
                    {
                        replicaConnections.Release();
                    }
                },
                cancellationToken);
            if (served is { } value)
            {
                Record(ReadSource.Replica);
                return new RoutedRead<T>(value.Value, ReadSource.Replica);
            }
            fallback = ReadSource.PrimaryLag;
        }
        catch (BrokenCircuitException)
        {
            fallback = ReadSource.PrimaryDown;
        }
        catch (Exception exception) when (IsReplicaFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "A read on replica {Replica} failed; it is served by the primary", ReplicaName);
            fallback = ReadSource.PrimaryDown;
        }

        var result = await ReadOnPrimaryAsync(readPrimary, cancellationToken);
        Record(fallback);
        return new RoutedRead<T>(result, fallback);
    }

    // A read that only the primary can answer correctly.
    public async Task<T> ReadPrimaryAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var result = await ReadOnPrimaryAsync(read, cancellationToken);
        Record(ReadSource.Primary);
        return result;
    }

    // Counted, and written on the request's span so its trace says which server answered and why.
    private void Record(ReadSource source)
    {
        metrics.Read(source);
        Activity.Current?.SetTag(ReadSourceAttribute, source.Name());
    }

    private async Task<T> ReadOnPrimaryAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        return await read(connection, cancellationToken);
    }

    // Null when the replica had not replayed the token within the budget.
    private async Task<Served<T>?> ReadReplicaAsync<T>(NpgsqlConnection connection, ConsistencyToken? token, TimeSpan waitBudget, Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (token is { } required && !await HasReplayedAsync(connection, required, waitBudget, cancellationToken))
        {
            return null;
        }
        return new Served<T>(await read(connection, cancellationToken));
    }

    // Null when the replica had not replayed the token; the read's result is then discarded unread.
    private async Task<Served<T>?> ReadReplicaIfReplayedAsync<T>(NpgsqlConnection connection, ConsistencyToken token, StatementRead<T> read, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand("SELECT pg_last_wal_replay_lsn()"), read.Statement() },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var replayed = !reader.IsDBNull(0) && reader.GetFieldValue<NpgsqlLogSequenceNumber>(0) >= token.Position;
        metrics.TokenWait(TimeSpan.Zero, replayed);
        if (!replayed)
        {
            Activity.Current?.AddEvent(new ActivityEvent("replica behind consistency token"));
            return null;
        }
        await reader.NextResultAsync(cancellationToken);
        return new Served<T>(await read.ReadResultAsync(reader, cancellationToken));
    }

    private async Task<NpgsqlConnection> OpenReplicaAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ReplicaOpenTimeout);
        NpgsqlConnection connection;
        try
        {
            connection = await replica.OpenConnectionAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Opening a connection to {ReplicaName} took longer than {options.ReplicaOpenTimeout}.");
        }
        // Reported by the server itself (PostgreSQL 14+): a promoted or misconfigured "replica" is not one.
        if (!connection.PostgresParameters.TryGetValue("in_hot_standby", out var standby) || standby != "on")
        {
            await connection.DisposeAsync();
            throw new NotAStandbyException($"{ReplicaName} is not a hot standby (in_hot_standby = {standby ?? "not reported"}).");
        }
        return connection;
    }

    private async Task<bool> HasReplayedAsync(NpgsqlConnection connection, ConsistencyToken token, TimeSpan waitBudget, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using var replayed = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn()", connection);
        while (true)
        {
            if (await replayed.ExecuteScalarAsync(cancellationToken) is NpgsqlLogSequenceNumber position && position >= token.Position)
            {
                metrics.TokenWait(time.GetElapsedTime(started), replayed: true);
                return true;
            }
            var waited = time.GetElapsedTime(started);
            if (waited + options.TokenPollInterval > waitBudget)
            {
                metrics.TokenWait(waited, replayed: false);
                Activity.Current?.AddEvent(new ActivityEvent("replica behind consistency token"));
                return false;
            }
            await Task.Delay(options.TokenPollInterval, time, cancellationToken);
        }
    }

    private static bool IsReplicaFailure(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or TimeoutException or NotAStandbyException
        || (exception is PostgresException postgres
            && (postgres.SqlState.StartsWith("57", StringComparison.Ordinal) // shut down, cannot connect now
                || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                || postgres.SqlState == PostgresErrorCodes.SerializationFailure)); // canceled by a conflict with recovery

    private sealed record Served<T>(T Value);

    private sealed class NotAStandbyException(string message) : Exception(message);
}
