using DbUp;
using DbUp.Postgresql;
using Npgsql;

namespace Api.Data;

// Versioned SQL scripts (Data/Migrations/*.sql, embedded) applied by DbUp, which records each in its
// journal table. Every replica runs this at start; a Postgres advisory lock makes the others wait
// while one migrates, so each version runs once even when all replicas start together.
public static class DatabaseMigrations
{
    private const long MigrationLockKey = 0x6C696E6B73; // "links"

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations));

        await using var lockConnection = await dataSource.OpenConnectionAsync(app.Lifetime.ApplicationStopping);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            takeLock.Parameters.AddWithValue("key", MigrationLockKey);
            await takeLock.ExecuteNonQueryAsync(app.Lifetime.ApplicationStopping);
        }

        try
        {
            var upgrade = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrations).Assembly, name => name.Contains(".Data.Migrations.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogTo(logger)
                .Build()
                .PerformUpgrade();

            if (!upgrade.Successful)
            {
                throw new InvalidOperationException($"Database migration failed at {upgrade.ErrorScript?.Name}.", upgrade.Error);
            }
        }
        finally
        {
            await using var releaseLock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            releaseLock.Parameters.AddWithValue("key", MigrationLockKey);
            await releaseLock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
