using System.Diagnostics.CodeAnalysis;
using CsvHelper;

namespace Links;

// A bulk import file: CSV (read with CsvHelper) whose header names its columns, "url" and any of the
// optional Columns in any order, then one link per record. The Api checks the envelope with it; the Worker
// reads the rows with it (each cell as text, checked per row like POST /api/links's fields).
public static class ImportFile
{
    public const int MaximumRows = 10_000;
    public const int MaximumBytes = 2 * 1024 * 1024;

    // Beside "url"; tags are separated by '|'.
    public static readonly IReadOnlyList<string> Columns = ["code", "title", "tags", "validuntil", "maxvisits"];

    private const string HeaderRule = "url, then any of code, title, tags, validUntil, maxVisits";

    public sealed record Row(int Number, string Url, string? Code, string? Title = null, string? Tags = null, string? ValidUntil = null, string? MaxVisits = null);

    public static bool TryRead(string text, [NotNullWhen(true)] out IReadOnlyList<Row>? rows, [NotNullWhen(false)] out string? error)
    {
        rows = null;
        var read = new List<Row>();
        try
        {
            using var reader = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false, SkipEmptyLines = true });
            if (!reader.Read())
            {
                error = $"The file is empty; its first line must be the header: {HeaderRule}.";
                return false;
            }
            var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim().ToLowerInvariant()).ToList();
            if (!header.Contains("url") || header.Any(column => column != "url" && !Columns.Contains(column)) || header.Distinct().Count() != header.Count)
            {
                error = $"The first line must be the header: {HeaderRule} (each once), not '{string.Join(',', header)}'.";
                return false;
            }
            string? Cell(string column)
            {
                var index = header.IndexOf(column);
                var text = index >= 0 && index < reader.FieldCount ? reader.GetString(index) : null;
                return string.IsNullOrEmpty(text) ? null : text;
            }
            while (reader.Read())
            {
                if (read.Count == MaximumRows)
                {
                    error = $"The file has more than {MaximumRows} rows.";
                    return false;
                }
                read.Add(new Row(read.Count + 1, Cell("url") ?? "", Cell("code"), Cell("title"), Cell("tags"), Cell("validuntil"), Cell("maxvisits")));
            }
        }
        catch (Exception exception) when (exception is CsvFormatException or FormatException or InvalidOperationException)
        {
            error = $"The file is not valid CSV: {exception.Message}";
            return false;
        }
        if (read.Count == 0)
        {
            error = "The file has a header but no rows.";
            return false;
        }
        rows = read;
        error = null;
        return true;
    }
}
