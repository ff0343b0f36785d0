using CsvHelper;
using Links;
using Npgsql;

namespace Api.Exports;

// The caller's links as CSV (GET /api/links/export): every live link, oldest first (created_at, then code, so two
// exports list them in the same order), with the columns an import reads under the same names where it has them
// (tags separated by '|'). The index links_by_owner_newest_first gives the order, read backwards; the click total
// is looked up per row, so nothing is sorted or hashed before the first row goes out.
public static class LinkExport
{
    public static readonly IReadOnlyList<string> Header =
        ["code", "shortUrl", "url", "title", "tags", "validSince", "validUntil", "maxVisits", "clicks", "createdAt"];

    public static CsvExport For(Guid ownerId, ShortLinkOptions shortLinks, DateTime now) => new(
        $"links-{now:yyyy-MM-dd}.csv",
        Header,
        connection =>
        {
            var select = new NpgsqlCommand(
                """
                SELECT l.code, l.target_url, l.title, l.tags, l.valid_since, l.valid_until, l.max_visits,
                       coalesce((SELECT t.clicks FROM link_click_totals t WHERE t.code = l.code), 0), l.created_at
                FROM links l
                WHERE l.owner_id = @owner AND l.deleted_at IS NULL
                ORDER BY l.created_at, l.code
                """, connection);
            select.Parameters.AddWithValue("owner", ownerId);
            return select;
        },
        (row, csv) =>
        {
            var code = row.GetString(0);
            csv.WriteField(code);
            csv.WriteField(shortLinks.ShortUrl(code));
            csv.WriteField(row.GetString(1));
            csv.WriteField(row.IsDBNull(2) ? null : row.GetString(2));
            csv.WriteField(string.Join('|', row.GetFieldValue<string[]>(3)));
            WriteTime(csv, row, 4);
            WriteTime(csv, row, 5);
            if (row.IsDBNull(6))
            {
                csv.WriteField((string?)null);
            }
            else
            {
                csv.WriteField(row.GetInt64(6), "");
            }
            csv.WriteField(row.GetInt64(7), "");
            WriteTime(csv, row, 8);
        });

    internal static void WriteTime(CsvWriter csv, NpgsqlDataReader row, int column)
    {
        if (row.IsDBNull(column))
        {
            csv.WriteField((string?)null);
        }
        else
        {
            csv.WriteField(row.GetFieldValue<DateTime>(column), CsvExport.TimeFormat);
        }
    }
}
