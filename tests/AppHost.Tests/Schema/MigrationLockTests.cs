using AppHost.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Migrations;
using Npgsql;

namespace AppHost.Tests.Schema;

// A migration that finds another one holding the schema's advisory lock waits at most its deadline
// (Migrations:LockTimeout), then fails naming the session that holds it, instead of waiting forever.
public sealed class MigrationLockTests(SharedStack shared)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_migration_gives_up_at_its_deadline_naming_the_locks_holder_and_runs_once_the_lock_is_free()
    {
        var links = shared.Stack.ConnectionString("links");
        await using var holder = new NpgsqlConnection(links);
        await holder.OpenAsync(Cancellation);
        await using (var takeLock = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaMigration.LockKey})", holder))
        {
            await takeLock.ExecuteNonQueryAsync(Cancellation);
        }
        await using var dataSource = NpgsqlDataSource.Create(links);

        var refused = await Assert.ThrowsAsync<TimeoutException>(() =>
            SchemaMigration.RunAsync(dataSource, NullLogger.Instance, Cancellation, lockTimeout: TimeSpan.FromSeconds(2)));
        Assert.Contains($"backend {holder.ProcessID}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Migrations:LockTimeout", refused.Message, StringComparison.Ordinal);

        await using (var releaseLock = new NpgsqlCommand($"SELECT pg_advisory_unlock({SchemaMigration.LockKey})", holder))
        {
            Assert.True((bool)(await releaseLock.ExecuteScalarAsync(Cancellation))!);
        }
        // Every script is applied already: it takes the lock, finds nothing to do and lets go.
        await SchemaMigration.RunAsync(dataSource, NullLogger.Instance, Cancellation, lockTimeout: TimeSpan.FromSeconds(30));
    }
}
