using CsvHelper;
using Npgsql;
using ReadRouting;

namespace Api.Exports;

// A CSV file streamed from Postgres as its rows arrive: one NpgsqlDataReader (default buffering: a row at a time,
// never the whole result) written by CsvHelper straight into the response body, flushed every RowsPerFlush rows, so
// an export of any size takes the same memory. The read goes where LinksDatabase routes it (the replica without a
// token). A disconnected client cancels the request, and with it the query.
public sealed record CsvExport(string FileName, IReadOnlyList<string> Header, Func<NpgsqlConnection, NpgsqlCommand> Command, Action<NpgsqlDataReader, CsvWriter> WriteRow)
{
    public const string ContentType = "text/csv";

    // A row is at most a few kB: a few hundred of them keep the client's download moving without a flush per row.
    public const int RowsPerFlush = 500;

    // RFC 4180 (quoted when needed, quotes doubled, CRLF), and a cell starting with = + - @, tab or CR gets a leading '
    // so a spreadsheet shows it as text instead of running it as a formula (OWASP's advice on CSV injection).
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    // RFC 3339 in UTC, as precise as Postgres keeps time (microseconds), trailing zeros left out like the JSON answers.
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'";

    public PushStreamHttpResult Stream(HttpContext http, LinksDatabase database, ConsistencyToken? token) =>
        TypedResults.Stream(body => WriteAsync(http, body, database, token), $"{ContentType}; charset=utf-8", FileName);

    private async Task WriteAsync(HttpContext http, Stream body, LinksDatabase database, ConsistencyToken? token)
    {
        try
        {
            await database.ReadAsync(token, (connection, cancellation) => WriteRowsAsync(http, connection, body, cancellation), http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the query was cancelled with the request.
        }
    }

    private async Task<long> WriteRowsAsync(HttpContext http, NpgsqlConnection connection, Stream body, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = Command(connection);
            // The token holds for the whole read: when it fires, Npgsql cancels the query on the server (instead of
            // reading the rest of the result when the reader is disposed).
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            try
            {
                return await WriteRowsAsync(reader, body, cancellationToken);
            }
            catch
            {
                // A write to a gone client can fail before the request's token fires: without this the reader's disposal
                // would read the rest of the result on the replica (seen in CI: the query ended without being cancelled).
                command.Cancel();
                throw;
            }
        }
        // However a gone client's cancellation surfaces (Npgsql, Kestrel), it is the client leaving, not a failure to report.
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
        {
            throw new OperationCanceledException("The client went away.", exception, cancellationToken);
        }
        catch (Exception exception) when (http.Response.HasStarted && exception is not OperationCanceledException)
        {
            // Part of the file is sent: the read must not be run again on the primary (its rows would follow the ones sent).
            throw new ExportInterruptedException(exception);
        }
    }

    private async Task<long> WriteRowsAsync(NpgsqlDataReader reader, Stream body, CancellationToken cancellationToken)
    {
        // Not disposed when the read fails: disposing writes out the buffer, and a read that fails before anything was
        // sent is run again on the primary, which must start from an empty body.
        var csv = CsvWriter.Create(body, Options, leaveOpen: true);
        csv.WriteHeader([.. Header]);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            WriteRow(reader, csv);
            await csv.EndRecordAsync(cancellationToken);
            if (++rows % RowsPerFlush == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }
        await csv.DisposeAsync();
        return rows;
    }

    private sealed class ExportInterruptedException(Exception inner) : Exception("The export failed after part of it was sent.", inner);
}
