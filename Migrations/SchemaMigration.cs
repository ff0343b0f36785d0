using System.Diagnostics;
using Npgsql;

namespace Migrations;

// Applies the scripts the links database has not applied yet, each in its own transaction. A Postgres advisory
// lock makes any other migration wait while one runs (the api replicas each migrate at start when published),
// so each script runs once.
public static class SchemaMigration
{
    // The key the api replicas took when they migrated at start in every environment: old and new code exclude each other.
    public const long LockKey = 0x6C696E6B73; // "links"

    // The run-once step's share of the connection budget (docs/deploy.md, *The connection budget*): the lock's connection and DbUp's.
    public const int MaximumPoolSize = 2;

    private static readonly ActivitySource Tracing = new(typeof(SchemaMigration).Assembly.GetName().Name!);

    // How long a migration waits for another one to finish before it gives up (Migrations:LockTimeout).
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WaitingLogInterval = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken, TimeSpan? lockTimeout = null)
    {
        using var span = Tracing.StartActivity("migrate links schema");

        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await TakeLockAsync(lockConnection, lockTimeout ?? DefaultLockTimeout, logger, cancellationToken);

        try
        {
            var upgrade = LinksSchema.Engine(dataSource, logger).PerformUpgrade();
            if (!upgrade.Successful)
            {
                throw new InvalidOperationException($"Database migration failed at {upgrade.ErrorScript?.Name}.", upgrade.Error);
            }
        }
        finally
        {
            await using var releaseLock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            releaseLock.Parameters.AddWithValue("key", LockKey);
            await releaseLock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Polls instead of waiting in pg_advisory_lock, so a migration that hangs elsewhere (or a lock never released)
    // ends this one with a clear error at the deadline, logging who holds the lock while it waits.
    private static async Task TakeLockAsync(NpgsqlConnection connection, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var nextLog = TimeSpan.Zero;
        while (true)
        {
            await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
            {
                tryLock.Parameters.AddWithValue("key", LockKey);
                if ((bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
                {
                    return;
                }
            }
            var holder = await LockHolderAsync(connection, cancellationToken);
            if (waited.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"The links schema's migration lock (advisory lock {LockKey}) was still held by {holder} after {timeout}; " +
                    "another migration is running or hung. Stop it, or raise Migrations:LockTimeout.");
            }
            if (waited.Elapsed >= nextLog)
            {
                logger.LogWarning("Waiting for the links schema's migration lock, held by {Holder}, for {Waited} of at most {Timeout}", holder, waited.Elapsed, timeout);
                nextLog = waited.Elapsed + WaitingLogInterval;
            }
            await Task.Delay(LockPollInterval, cancellationToken);
        }
    }

    private static async Task<string> LockHolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var holder = new NpgsqlCommand(
            """
            SELECT format('backend %s (%s, since %s)', a.pid, coalesce(nullif(a.application_name, ''), 'no application name'), a.backend_start)
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = @key
            LIMIT 1
            """, connection);
        holder.Parameters.AddWithValue("key", LockKey);
        return await holder.ExecuteScalarAsync(cancellationToken) as string ?? "a session that has just let go";
    }
}
