using Npgsql;

namespace ReadRouting;

// A read that is one SQL statement and how its result is read, so the replica can run it in the same
// round trip as the check of its replay position (LinksDatabase.ReadIfReplayedAsync).
public sealed class StatementRead<T>(Func<NpgsqlBatchCommand> statement, Func<NpgsqlDataReader, CancellationToken, Task<T>> readResult)
{
    // A new command each time: a batch command belongs to one batch.
    public NpgsqlBatchCommand Statement() => statement();

    public Task<T> ReadResultAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) => readResult(reader, cancellationToken);

    public async Task<T> RunAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Statement() } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadResultAsync(reader, cancellationToken);
    }
}
