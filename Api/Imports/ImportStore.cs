using Npgsql;
using ReadRouting;

namespace Api.Imports;

public sealed class ImportStore(LinksDatabase database)
{
    // Stores the import unless its owner's quota refuses it; the consistency token of its commit when stored. The count and
    // the insert run under a lock on the owner, so concurrent uploads through different replicas cannot both fit.
    public async Task<ImportAdmission> CreateAsync(Guid id, Guid ownerId, string file, int total, ImportQuotaOptions quota, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var lockOwner = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('imports:' || @owner::text, 0))", connection, transaction))
            {
                lockOwner.Parameters.AddWithValue("owner", ownerId);
                await lockOwner.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var usage = new NpgsqlCommand(
                """
                SELECT coalesce(sum(total), 0)::bigint,
                       coalesce(extract(epoch FROM min(created_at) + interval '1 day' - now()), 0)::float8,
                       count(*) FILTER (WHERE status IN ('queued', 'running') AND created_at > now() - @countedAsRunning)
                FROM imports WHERE owner_id = @owner AND created_at > now() - interval '1 day'
                """, connection, transaction))
            {
                usage.Parameters.AddWithValue("owner", ownerId);
                usage.Parameters.AddWithValue("countedAsRunning", quota.CountedAsRunningFor);
                await using var reader = await usage.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var rowsToday = reader.GetInt64(0);
                var oldestLeavesIn = TimeSpan.FromSeconds(reader.GetDouble(1));
                var running = reader.GetInt64(2);
                if (running >= quota.ConcurrentPerAccount)
                {
                    return ImportAdmission.Refused(
                        $"You have {running} imports queued or running, the most at once; send this one when one of them has finished.", TimeSpan.FromSeconds(5));
                }
                if (rowsToday + total > quota.RowsPerAccountPerDay)
                {
                    return ImportAdmission.Refused(
                        $"Your imports of the last 24 hours hold {rowsToday} rows and this one {total}: at most {quota.RowsPerAccountPerDay} rows a day.", oldestLeavesIn);
                }
            }
            await using (var insert = new NpgsqlCommand(
                "INSERT INTO imports (id, owner_id, file, total) VALUES (@id, @owner, @file, @total)", connection, transaction))
            {
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("owner", ownerId);
                insert.Parameters.AddWithValue("file", file);
                insert.Parameters.AddWithValue("total", total);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return ImportAdmission.Stored(await LinksDatabase.PositionAfterCommitAsync(connection, cancellationToken));
    }

    // Null when the caller owns no import with this id. The Worker's progress may show a moment late.
    public Task<RoutedRead<ImportStatus?>> FindOwnedAsync(Guid id, Guid ownerId, ConsistencyToken? token, CancellationToken cancellationToken) =>
        database.ReadAsync(token, (connection, cancellation) => FindOwnedAsync(connection, id, ownerId, cancellation), cancellationToken);

    private static async Task<ImportStatus?> FindOwnedAsync(NpgsqlConnection connection, Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            "SELECT status, total, succeeded, failed, failure_reason FROM imports WHERE id = @id AND owner_id = @owner", connection);
        select.Parameters.AddWithValue("id", id);
        select.Parameters.AddWithValue("owner", ownerId);
        string status;
        int total, succeeded, failed;
        string? failureReason;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (status, total, succeeded, failed) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            failureReason = reader.IsDBNull(4) ? null : reader.GetString(4);
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
        return new ImportStatus(id, status, total, succeeded, failed, errors, failureReason);
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

    // Dispatched imports queued, or running without progress, for longer than SweepAfter, at most a batch of them, locked
    // (skipping those another replica holds) and updated in one statement: those with attempts left are counted as sent
    // again, the others marked failed, with their file dropped and their rows not done counted as failed.
    public async Task<IReadOnlyList<SweptImport>> SweepLostAsync(ImportSweepOptions sweep, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var update = new NpgsqlCommand(
            """
            WITH lost AS (
                SELECT id FROM imports
                WHERE status IN ('queued', 'running') AND dispatched AND updated_at < now() - @sweepAfter
                ORDER BY updated_at LIMIT @batch
                FOR UPDATE SKIP LOCKED
            ),
            given_up AS (
                UPDATE imports i SET status = 'failed', file = NULL, updated_at = now(), failure_reason = @reason,
                    succeeded = (SELECT count(*) FROM import_rows r WHERE r.import_id = i.id AND r.code IS NOT NULL),
                    failed = i.total - (SELECT count(*) FROM import_rows r WHERE r.import_id = i.id AND r.code IS NOT NULL)
                FROM lost WHERE i.id = lost.id AND i.dispatch_attempts >= @maxAttempts
                RETURNING i.id
            ),
            sent_again AS (
                UPDATE imports i SET dispatch_attempts = i.dispatch_attempts + 1, updated_at = now()
                FROM lost WHERE i.id = lost.id AND i.dispatch_attempts < @maxAttempts
                RETURNING i.id
            )
            SELECT id, true FROM sent_again UNION ALL SELECT id, false FROM given_up
            """, connection);
        update.Parameters.AddWithValue("sweepAfter", sweep.SweepAfter);
        update.Parameters.AddWithValue("batch", sweep.SweepBatchSize);
        update.Parameters.AddWithValue("maxAttempts", sweep.MaxDispatchAttempts);
        update.Parameters.AddWithValue("reason",
            "The import stopped making progress and was given up; the rows not done are counted as failed. Upload them again.");
        var swept = new List<SweptImport>();
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            swept.Add(new SweptImport(reader.GetGuid(0), reader.GetBoolean(1)));
        }
        return swept;
    }
}
