using Npgsql;

namespace AppHost.Tests.Infrastructure;

// What a new primary container with empty storage, or a restore, does to the stack: the primary comes back
// as a new cluster (initdb, a new system identifier) with the schema applied again, while the replica keeps
// running on the old cluster's data.
public static class PrimaryDataReset
{
    public static async Task ResetAsync(RunningStack stack, CancellationToken cancellationToken)
    {
        var primary = stack.ResourceIdOf("postgres");
        // Not the Stop command: its SIGTERM is a smart shutdown, which waits for the api's pooled sessions past the orchestrator's patience.
        var postmaster = stack.StartedProcessIds()[primary];
        ProcessSignals.Interrupt(ProcessIdentity.WithDescendants([postmaster]).Where(process => process.Pid == postmaster));
        await stack.WaitUntilStoppedAsync(primary, cancellationToken);
        Directory.Delete(Path.Combine(stack.DataDirectory, "postgres", "data"), recursive: true); // postgres-primary.sh initdb's an empty one
        await stack.StartAgainAsync(primary, cancellationToken);

        await CreateLinksDatabaseAsync(stack, cancellationToken);
        await stack.RunAgainAsync(stack.ResourceIdOf("migrations"), cancellationToken);
    }

    // The AppHost creates it when the primary answers again, and may be doing so right now: a concurrent
    // CREATE DATABASE fails with a unique violation rather than "already exists".
    private static async Task CreateLinksDatabaseAsync(RunningStack stack, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(stack.ConnectionString("postgres")) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand("CREATE DATABASE links", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exists) when (exists.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
        }
    }
}
