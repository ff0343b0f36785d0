using Npgsql;

namespace Api.Data;

// The one place that decides which Postgres server a piece of data access talks to. Callers say
// what they intend (write, or read); the read-replica work changes only this class.
public sealed class LinksDatabase(NpgsqlDataSource primary)
{
    // Writes, and reads that are part of a write, go to the primary.
    public ValueTask<NpgsqlConnection> OpenForWriteAsync(CancellationToken cancellationToken) =>
        primary.OpenConnectionAsync(cancellationToken);

    // Reads go to the primary for now.
    public ValueTask<NpgsqlConnection> OpenForReadAsync(CancellationToken cancellationToken) =>
        primary.OpenConnectionAsync(cancellationToken);
}
