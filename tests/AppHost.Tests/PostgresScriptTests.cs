using AppHost.LocalRuntime;
using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests;

// The process runtime's PostgreSQL scripts against data kept from an earlier run.
public sealed class PostgresScriptTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("aspire-scripts-").FullName;
    private readonly int primaryPort = FreePort.Next();
    private readonly int replicaPort = FreePort.Next();

    public PostgresScriptTests() => File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);

    [Fact]
    public async Task A_restarted_primary_takes_a_changed_password_and_a_replica_of_a_reset_primary_clones_it_again()
    {
        await using (var primary = await StartPrimaryAsync("first-password"))
        await using (var replica = StartReplica())
        {
            await WaitUntilStreamingAsync("first-password", primary, replica);
            Assert.Contains("Cloning the primary", replica.Output);
        }

        // The primary's data is reset (a new cluster), its secret changed; the replica's data is kept.
        Directory.Delete(Path.Combine(dataDirectory, "postgres"), recursive: true);
        await using (var primary = await StartPrimaryAsync("second-password"))
        await using (var replica = StartReplica())
        {
            await WaitUntilStreamingAsync("second-password", primary, replica);
            Assert.Contains("Cloning the primary", replica.Output);
        }

        // Restarted on kept data with yet another secret: only the new one is accepted, and the
        // replica, already a copy of this primary, is not cloned again.
        await using (var primary = await StartPrimaryAsync("third-password"))
        await using (var replica = StartReplica())
        {
            await WaitUntilStreamingAsync("third-password", primary, replica);
            Assert.DoesNotContain("Cloning the primary", replica.Output);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(primaryPort, "second-password", "SELECT 1"));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }
    }

    // The replica clones from a primary that answers, as WaitFor(primary) makes it in the AppHost.
    private async Task<ServerScript> StartPrimaryAsync(string password)
    {
        var primary = ServerScript.Start("postgres-primary.sh", new Dictionary<string, string>
        {
            ["PG_BIN"] = PostgresBin(),
            ["DATA_DIR"] = Path.Combine(dataDirectory, "postgres"),
            ["PGPORT"] = primaryPort.ToString(),
            ["POSTGRES_PASSWORD"] = password,
            ["REPLICATOR_PASSWORD"] = "replicator-password",
        });
        await WaitUntilAsync(password, "SELECT 'up'", "up", "the primary answering", primary);
        return primary;
    }

    private ServerScript StartReplica() => ServerScript.Start("postgres-replica.sh", new Dictionary<string, string>
    {
        ["PG_BIN"] = PostgresBin(),
        ["DATA_DIR"] = Path.Combine(dataDirectory, "postgres-replica"),
        ["PGPORT"] = replicaPort.ToString(),
        ["PRIMARY_HOST"] = "localhost",
        ["PRIMARY_PORT"] = primaryPort.ToString(),
        ["REPLICATOR_PASSWORD"] = "replicator-password",
    });

    private Task WaitUntilStreamingAsync(string password, ServerScript primary, ServerScript replica) =>
        WaitUntilAsync(password, "SELECT state FROM pg_stat_replication WHERE application_name = 'postgres_replica'",
            "streaming", "the replica streaming from the primary", primary, replica);

    private async Task WaitUntilAsync(string password, string sql, string expected, string what, params ServerScript[] servers)
    {
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    try
                    {
                        return await QueryAsync(primaryPort, password, sql);
                    }
                    catch (Exception error) when (error is NpgsqlException or TimeoutException)
                    {
                        return null; // not up yet
                    }
                },
                value => value == expected,
                StartTimeout,
                what);
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException(string.Join("\n--- server ---\n", [error.Message, .. servers.Select(s => s.Output)]));
        }
    }

    private static async Task<string?> QueryAsync(int port, string password, string sql)
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "localhost",
            Port = port,
            Username = "postgres",
            Password = password,
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))?.ToString();
    }

    private static string PostgresBin() =>
        Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).OrderDescending().First();

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);
}
