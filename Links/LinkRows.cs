using Npgsql;
using NpgsqlTypes;

namespace Links;

// How a link row is selected and read, shared by LinkStore's changes and LinkListing's reads: the same
// columns in the same order everywhere, so ReadLink can read any of them.
internal static class LinkRows
{
    private const string RowColumns = "l.code, l.owner_id, l.target_url, l.created_at, l.updated_at, l.version";
    private const string FieldColumns = "l.title, l.tags, l.valid_since, l.valid_until, l.max_visits, l.forward_query";

    // Reads take each link's click total in the same query, so a list or a link stays one round trip.
    public const string LinksWithClicks = "links l LEFT JOIN link_click_totals t ON t.code = l.code";
    public const string ReadColumns = RowColumns + ", coalesce(t.clicks, 0), l.disabled_at IS NOT NULL, " + FieldColumns;

    // A change's answer carries the total as of the change.
    public const string ReturnedColumns = RowColumns + ", coalesce((SELECT t.clicks FROM link_click_totals t WHERE t.code = l.code), 0), l.disabled_at IS NOT NULL, " + FieldColumns;

    // The first column after a link's.
    public const int Count = 14;

    // The redirect rules of a row, as RedirectRules, from the columns valid_since, valid_until, max_visits, forward_query at first.
    public static RedirectRules ReadRules(NpgsqlDataReader reader, int first) => new(
        reader.IsDBNull(first) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(first)),
        reader.IsDBNull(first + 1) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(first + 1)),
        reader.IsDBNull(first + 2) ? null : reader.GetInt64(first + 2),
        reader.GetBoolean(first + 3));

    public static Link ReadLink(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetDateTime(3), reader.GetDateTime(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetBoolean(7),
        new LinkFields(reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetFieldValue<string[]>(9), ReadRules(reader, 10)));

    public static NpgsqlParameter Instant(string name, DateTimeOffset? value) => Parameter(name, NpgsqlDbType.TimestampTz, value?.UtcDateTime);

    public static NpgsqlParameter Text(string name, string? value) => Parameter(name, NpgsqlDbType.Text, value);

    public static NpgsqlParameter Number(string name, long? value) => Parameter(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlParameter Flag(string name, bool? value) => Parameter(name, NpgsqlDbType.Boolean, value);

    public static NpgsqlParameter Tags(string name, IReadOnlyList<string>? value) => Parameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text, value?.ToArray());

    private static NpgsqlParameter Parameter(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };
}
