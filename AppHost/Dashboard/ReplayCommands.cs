using Npgsql;

namespace AppHost.Dashboard;

// Dashboard commands on a streaming replica that pause and resume WAL replay, so anyone can watch the
// app handle replication lag live: reads with a consistency token move to the primary, and back.
public static class ReplayCommands
{
    public const string Pause = "pause-replay";
    public const string Resume = "resume-replay";

    public static IResourceBuilder<IResourceWithConnectionString> WithReplayCommands(this IResourceBuilder<IResourceWithConnectionString> replica)
    {
        replica.WithCommand(Pause, "Pause replay", context => RunAsync(replica.Resource, "SELECT pg_wal_replay_pause()", context.CancellationToken),
            new CommandOptions
            {
                Description = "pg_wal_replay_pause(): the replica keeps receiving WAL but stops applying it, so it falls behind the primary.",
                IconName = "Pause",
                UpdateState = CommandState.WhenHealthy,
            });
        replica.WithCommand(Resume, "Resume replay", context => RunAsync(replica.Resource, "SELECT pg_wal_replay_resume()", context.CancellationToken),
            new CommandOptions
            {
                Description = "pg_wal_replay_resume(): the replica applies the WAL it received and catches up.",
                IconName = "Play",
                UpdateState = CommandState.WhenHealthy,
            });
        return replica;
    }

    private static async Task<ExecuteCommandResult> RunAsync(IResourceWithConnectionString replica, string sql, CancellationToken cancellationToken)
    {
        try
        {
            var connectionString = await replica.ConnectionStringExpression.GetValueAsync(cancellationToken);
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return CommandResults.Success();
        }
        catch (NpgsqlException exception)
        {
            return CommandResults.Failure(exception.Message);
        }
    }
}
