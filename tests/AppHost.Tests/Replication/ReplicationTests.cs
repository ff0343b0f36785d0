using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests.Replication;

public sealed class ReplicationTests(SharedStack shared)
{
    private static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(30);
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_row_written_on_the_primary_becomes_visible_on_the_replica()
    {
        var table = "replication_probe_" + Guid.NewGuid().ToString("N")[..8];
        await using var primary = await OpenAsync("links");
        await ExecuteAsync(primary, $"CREATE TABLE {table} (id int PRIMARY KEY, note text)");
        await ExecuteAsync(primary, $"INSERT INTO {table} VALUES (1, 'written on the primary')");

        await using var replica = await OpenAsync("links-replica");
        var note = await Eventually.HoldsAsync(
            () => ScalarOrNullAsync(replica, $"SELECT note FROM {table} WHERE id = 1"),
            value => value is not null,
            ReplicationTimeout,
            "the row reaching the replica");

        Assert.Equal("written on the primary", note);
    }

    [Fact]
    public async Task A_write_on_the_replica_is_rejected_as_read_only()
    {
        await using var replica = await OpenAsync("links-replica");

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(replica, "CREATE TABLE must_not_exist (id int)"));

        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, error.SqlState); // 25006
    }

    [Fact]
    public async Task The_primary_streams_its_WAL_to_the_replica()
    {
        await using var primary = await OpenAsync("links");
        await using var replica = await OpenAsync("links-replica");

        var state = await Eventually.HoldsAsync(
            () => ScalarOrNullAsync(primary, "SELECT state FROM pg_stat_replication WHERE application_name = 'postgres_replica'"),
            value => value == "streaming",
            ReplicationTimeout,
            "the replica streaming");

        Assert.Equal("streaming", state);
        Assert.Equal("t", await ScalarOrNullAsync(replica, "SELECT pg_is_in_recovery()::text::char"));
        Assert.Equal("f", await ScalarOrNullAsync(primary, "SELECT pg_is_in_recovery()::text::char"));
    }

    private async Task<NpgsqlConnection> OpenAsync(string connectionName)
    {
        var connection = new NpgsqlConnection(shared.Stack.ConnectionString(connectionName));
        await connection.OpenAsync(Cancellation);
        return connection;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private async Task<string?> ScalarOrNullAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            return (await command.ExecuteScalarAsync(Cancellation))?.ToString();
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // not replayed yet
        }
    }
}
