using System.Diagnostics.CodeAnalysis;
using CsvHelper;

namespace Links;

// A bulk import file: CSV (read with CsvHelper) whose header is "url,code" or "url", then one link per
// record. The Api checks the envelope with it; the Worker reads the rows with it.
public static class ImportFile
{
    public const int MaximumRows = 10_000;
    public const int MaximumBytes = 2 * 1024 * 1024;

    public sealed record Row(int Number, string Url, string? Code);

    public static bool TryRead(string text, [NotNullWhen(true)] out IReadOnlyList<Row>? rows, [NotNullWhen(false)] out string? error)
    {
        rows = null;
        var read = new List<Row>();
        try
        {
            using var reader = CsvReader.FromText(text, new CsvReaderOptions { HasHeader = false, SkipEmptyLines = true });
            if (!reader.Read())
            {
                error = "The file is empty; its first line must be the header url,code (or url).";
                return false;
            }
            var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i).Trim().ToLowerInvariant()).ToList();
            if (!(header is ["url"] or ["url", "code"]))
            {
                error = $"The first line must be the header url,code (or url), not '{string.Join(',', header)}'.";
                return false;
            }
            while (reader.Read())
            {
                if (read.Count == MaximumRows)
                {
                    error = $"The file has more than {MaximumRows} rows.";
                    return false;
                }
                var code = header.Count == 2 && reader.FieldCount > 1 ? reader.GetString(1) : null;
                read.Add(new Row(read.Count + 1, reader.FieldCount > 0 ? reader.GetString(0) : "", string.IsNullOrEmpty(code) ? null : code));
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
