using Links;
using Npgsql;
using ReadRouting;

namespace Api.Redirects;

// What a code resolves to at one version of its row, as the redirect cache holds it. Target null: the
// code does not resolve (version 0: no such link yet; above 0: the link was deleted, or Disabled by an
// operator, which answers 410 Gone instead of 404). Rules: when a target may be followed (RedirectEndpoints
// checks them on every request, whichever cache the entry came from).
public sealed record RedirectEntry(long Version, string? Target, bool Disabled = false, RedirectRules? Rules = null)
{
    private const string SelectCurrent = """
        SELECT version, CASE WHEN deleted_at IS NULL AND disabled_at IS NULL THEN target_url END, deleted_at IS NULL AND disabled_at IS NOT NULL,
            valid_since, valid_until, max_visits, forward_query
        FROM links WHERE code = $1
        """;

    public static RedirectEntry Unknown { get; } = new(0, null);

    // The code's entry as of now: one statement, so a cache fill from the replica is one round trip.
    public static StatementRead<RedirectEntry> Current(string code) =>
        new(() => new NpgsqlBatchCommand(SelectCurrent) { Parameters = { new NpgsqlParameter<string> { TypedValue = code } } }, ReadAsync);

    // The code's entry as of now in a transaction (a queued refresh).
    public static async Task<RedirectEntry> ReadCurrentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string code, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SelectCurrent, connection, transaction) { Parameters = { new NpgsqlParameter<string> { TypedValue = code } } };
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, cancellationToken);
    }

    private static async Task<RedirectEntry> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return Unknown;
        }
        var target = reader.IsDBNull(1) ? null : reader.GetString(1);
        return new RedirectEntry(reader.GetInt64(0), target, reader.GetBoolean(2), target is null ? null : ReadRules(reader));
    }

    // Held only when they differ from the default, so a plain link's entry stays as small as before rules.
    private static RedirectRules? ReadRules(NpgsqlDataReader reader)
    {
        var rules = new RedirectRules(
            reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(3)),
            reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(4)),
            reader.IsDBNull(5) ? null : reader.GetInt64(5),
            reader.GetBoolean(6));
        return rules.IsDefault ? null : rules;
    }

    public static RedirectEntry From(LinkChange change) =>
        new(change.Version, change.Target, change.Disabled, change.Target is null || change.Rules is not { IsDefault: false } rules ? null : rules);
}
