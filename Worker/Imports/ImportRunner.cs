using Links;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using ReadRouting;
using Worker.Diagnostics;

namespace Worker.Imports;

// Runs one import: every row checked and inserted by the links domain exactly as POST /api/links does
// (NewLink, LinkStore), each link created with its row result (and its redirect-cache refresh, which
// the Api's retry loop applies: the Worker has no Redis) in one transaction per chunk of rows, whose links go
// to Postgres in one round trip and whose results in another (a round trip per row made imports slow). Rows that
// already have a result are skipped, so running an import twice creates nothing twice, and an import
// that is already finished is not run again. The file (up to 2 MB, never changed once stored) is read
// from the replica once it has replayed the Api's commit, and dropped when the import finishes. Each
// chunk moves updated_at: the Api's sweeper takes an import without progress for lost.
public sealed class ImportRunner(LinksDatabase database, LinkStore links, IOptions<ShortLinkOptions> shortLinks, ILogger<ImportRunner> logger)
{
    private const int ChunkSize = 200;

    // stored: the consistency token of the import's commit, from the message; null reads the primary.
    public async Task RunAsync(Guid importId, ConsistencyToken? stored, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        if (await StartAsync(connection, importId, cancellationToken) is not { } ownerId)
        {
            return;
        }
        var file = stored is { } token
            ? (await database.ReadAsync(token, (replica, cancellation) => ReadFileAsync(replica, importId, cancellation), cancellationToken)).Value
            : await ReadFileAsync(connection, importId, cancellationToken);
        if (file is null)
        {
            logger.LogInformation("Import {ImportId} finished meanwhile; its file is dropped", importId);
            return;
        }
        if (!ImportFile.TryRead(file, out var rows, out var error))
        {
            logger.LogWarning("Import {ImportId} cannot be read: {Error}", importId, error);
            await FinishAsync(connection, importId, "failed", cancellationToken);
            return;
        }

        var done = await DoneRowsAsync(connection, importId, cancellationToken);
        foreach (var chunk in rows.Where(row => !done.Contains(row.Number)).Chunk(ChunkSize))
        {
            // One span per chunk, not two database spans per row: a 10,000-row import stays a readable trace.
            using var span = WorkerTracing.Source.StartActivity("import chunk");
            span?.SetTag("links.import.rows", chunk.Length);
            using var untraced = SuppressInstrumentationScope.Begin();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var results = await CreateLinksAsync(connection, transaction, ownerId, chunk, cancellationToken);
            // The rows' results and the import's progress in one round trip, as the links were.
            await using var record = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new("INSERT INTO import_rows (import_id, row_number, code, error) SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[])")
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<Guid> { TypedValue = importId },
                            new NpgsqlParameter<int[]> { TypedValue = [.. chunk.Select(row => row.Number)] },
                            new NpgsqlParameter<string?[]> { TypedValue = [.. results.Select(result => result.Code)] },
                            new NpgsqlParameter<string?[]> { TypedValue = [.. results.Select(result => result.Error)] },
                        },
                    },
                    new("UPDATE imports SET updated_at = now() WHERE id = $1") { Parameters = { new NpgsqlParameter<Guid> { TypedValue = importId } } },
                },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await FinishAsync(connection, importId, "completed", cancellationToken);
    }

    // Owner of an import that is not finished yet; null when there is nothing to do.
    private static async Task<Guid?> StartAsync(NpgsqlConnection connection, Guid importId, CancellationToken cancellationToken)
    {
        await using var start = new NpgsqlCommand(
            """
            UPDATE imports SET deliveries = deliveries + 1,
                status = CASE WHEN status IN ('completed', 'failed') THEN status ELSE 'running' END, updated_at = now()
            WHERE id = @id
            RETURNING owner_id, status
            """, connection);
        start.Parameters.AddWithValue("id", importId);
        await using var reader = await start.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.GetString(1) != "running")
        {
            return null;
        }
        return reader.GetGuid(0);
    }

    // Null once the import has finished (the file is dropped then).
    private static async Task<string?> ReadFileAsync(NpgsqlConnection connection, Guid importId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("SELECT file FROM imports WHERE id = @id", connection);
        select.Parameters.AddWithValue("id", importId);
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<HashSet<int>> DoneRowsAsync(NpgsqlConnection connection, Guid importId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("SELECT row_number FROM import_rows WHERE import_id = @id", connection);
        select.Parameters.AddWithValue("id", importId);
        var done = new HashSet<int>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            done.Add(reader.GetInt32(0));
        }
        return done;
    }

    // Per row, the created link's code or the message for the row's error: the rows that pass the checks are inserted together.
    private async Task<(string? Code, string? Error)[]> CreateLinksAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid ownerId, ImportFile.Row[] rows, CancellationToken cancellationToken)
    {
        var results = new (string? Code, string? Error)[rows.Length];
        var valid = new List<(int Index, NewLink Link)>();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (NewLink.TryCreate(row.Url, row.Code, shortLinks.Value, errors => ImportedFields(row, errors), out var newLink, out var errors))
            {
                valid.Add((i, newLink));
            }
            else
            {
                results[i] = (null, errors[0].Message);
            }
        }
        var inserted = await links.InsertManyAsync(connection, transaction, ownerId, [.. valid.Select(v => v.Link)], cancellationToken);
        for (var v = 0; v < valid.Count; v++)
        {
            var row = rows[valid[v].Index];
            results[valid[v].Index] = inserted[v] is { } link
                ? (link.Link.Code, null)
                : (null, row.Code is null ? "No free generated code; try the row again." : $"The code '{row.Code}' is taken.");
        }
        return results;
    }

    // A row's optional cells, checked as POST /api/links checks the same fields.
    private static LinkFields? ImportedFields(ImportFile.Row row, List<LinkFieldError> errors)
    {
        long? maxVisits = null;
        if (row.MaxVisits is { } text)
        {
            if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                LinkFields.TryMaxVisits(0, out var error);
                errors.Add(new LinkFieldError(LinkFields.MaxVisitsField, error));
                return null;
            }
            maxVisits = parsed;
        }
        return LinkFields.TryCreate(row.Title, row.Tags?.Split('|'), validSince: null, row.ValidUntil, maxVisits, forwardQuery: null, errors);
    }

    // The file goes with the status change; an import the sweeper has already failed stays failed.
    private static async Task FinishAsync(NpgsqlConnection connection, Guid importId, string status, CancellationToken cancellationToken)
    {
        await using var finish = new NpgsqlCommand(
            """
            UPDATE imports SET status = @status, updated_at = now(), file = NULL,
                succeeded = (SELECT count(*) FROM import_rows WHERE import_id = @id AND code IS NOT NULL),
                failed = (SELECT count(*) FROM import_rows WHERE import_id = @id AND error IS NOT NULL)
                    + CASE WHEN @status = 'failed' THEN total - (SELECT count(*) FROM import_rows WHERE import_id = @id) ELSE 0 END,
                failure_reason = CASE WHEN @status = 'failed' THEN 'The file could not be read.' END
            WHERE id = @id AND status = 'running'
            """, connection);
        finish.Parameters.AddWithValue("id", importId);
        finish.Parameters.AddWithValue("status", status);
        await finish.ExecuteNonQueryAsync(cancellationToken);
    }
}
