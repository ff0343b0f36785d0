using Npgsql;
using ReadRouting;

namespace Api.Imports;

public sealed class ImportStore(LinksDatabase database)
{
    // The consistency token of the import's commit.
    public async Task<ConsistencyToken> CreateAsync(Guid id, Guid ownerId, string file, int total, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO imports (id, owner_id, file, total) VALUES (@id, @owner, @file, @total)", connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("owner", ownerId);
        insert.Parameters.AddWithValue("file", file);
        insert.Parameters.AddWithValue("total", total);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return await LinksDatabase.PositionAfterCommitAsync(connection, cancellationToken);
    }

    // Null when the caller owns no import with this id. The Worker's progress may show a moment late.
    public Task<RoutedRead<ImportStatus?>> FindOwnedAsync(Guid id, Guid ownerId, ConsistencyToken? token, CancellationToken cancellationToken) =>
        database.ReadAsync(token, (connection, cancellation) => FindOwnedAsync(connection, id, ownerId, cancellation), cancellationToken);

    private static async Task<ImportStatus?> FindOwnedAsync(NpgsqlConnection connection, Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT status, total, succeeded, failed FROM imports WHERE id = @id AND owner_id = @owner", connection);
        select.Parameters.AddWithValue("id", id);
        select.Parameters.AddWithValue("owner", ownerId);
        string status;
        int total, succeeded, failed;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (status, total, succeeded, failed) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        }
        var errors = new List<ImportRowError>();
        await using var rows = new NpgsqlCommand(
            "SELECT row_number, error FROM import_rows WHERE import_id = @id AND error IS NOT NULL ORDER BY row_number", connection);
        rows.Parameters.AddWithValue("id", id);
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                errors.Add(new ImportRowError(reader.GetInt32(0), reader.GetString(1)));
            }
        }
        return new ImportStatus(id, status, total, succeeded, failed, errors);
    }

    public async Task MarkDispatchedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var update = new NpgsqlCommand("UPDATE imports SET dispatched = true WHERE id = @id", connection);
        update.Parameters.AddWithValue("id", id);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    // Imports stored but whose message the broker never confirmed (it was down, or the replica died).
    public async Task<IReadOnlyList<Guid>> NotDispatchedAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            "SELECT id FROM imports WHERE NOT dispatched AND created_at < now() - @age ORDER BY created_at LIMIT 100", connection);
        select.Parameters.AddWithValue("age", olderThan);
        var ids = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }
}
