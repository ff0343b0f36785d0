using Npgsql;

namespace Api.Exports;

// One link's raw clicks as CSV (GET /api/links/{code}/clicks.csv): when, from which referrer host, and which kind of
// agent, oldest first. Never the visitor hash: it is for counting unique visitors, not for handing out. The index
// clicks_by_code_and_time (migration 0011) finds one link's range without reading other links' clicks.
public static class ClickExport
{
    public static readonly IReadOnlyList<string> Header = ["time", "referrerHost", "agentClass"];

    public static CsvExport For(string code, ClickExportRange range) => new(
        $"clicks-{code}-{range.From:yyyyMMdd'T'HHmm}-{range.To:yyyyMMdd'T'HHmm}.csv",
        Header,
        connection =>
        {
            var select = new NpgsqlCommand(
                """
                SELECT occurred_at, referrer_host, user_agent_class FROM clicks
                WHERE code = @code AND occurred_at >= @from AND occurred_at < @to
                ORDER BY occurred_at
                """, connection);
            select.Parameters.AddWithValue("code", code);
            select.Parameters.AddWithValue("from", range.From);
            select.Parameters.AddWithValue("to", range.To);
            return select;
        },
        (row, csv) =>
        {
            LinkExport.WriteTime(csv, row, 0);
            csv.WriteField(row.IsDBNull(1) ? null : row.GetString(1));
            csv.WriteField(row.GetString(2));
        });
}
