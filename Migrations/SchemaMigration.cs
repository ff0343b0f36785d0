using System.Diagnostics;
using Npgsql;

namespace Migrations;

// Applies the scripts the links database has not applied yet, each in its own transaction. A Postgres advisory
// lock makes any other migration wait while one runs (the api replicas each migrate at start when published),
// so each script runs once.
public static class SchemaMigration
{
    // The key the api replicas took when they migrated at start in every environment: old and new code exclude each other.
    private const long LockKey = 0x6C696E6B73; // "links"

    // The run-once step's share of the connection budget (docs/deploy.md, *The connection budget*): the lock's connection and DbUp's.
    public const int MaximumPoolSize = 2;

    private static readonly ActivitySource Tracing = new(typeof(SchemaMigration).Assembly.GetName().Name!);

    public static async Task RunAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        using var span = Tracing.StartActivity("migrate links schema");

        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            takeLock.Parameters.AddWithValue("key", LockKey);
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

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
}
