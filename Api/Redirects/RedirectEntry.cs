using Npgsql;
using ReadRouting;

namespace Api.Redirects;

// What a code resolves to at one version of its row, as the redirect cache holds it. Target null: the
// code does not resolve (version 0: no such link yet; above 0: the link was deleted, or Disabled by an
// operator, which answers 410 Gone instead of 404).
public sealed record RedirectEntry(long Version, string? Target, bool Disabled = false)
{
    private const string SelectCurrent = """
        SELECT version, CASE WHEN deleted_at IS NULL AND disabled_at IS NULL THEN target_url END, deleted_at IS NULL AND disabled_at IS NOT NULL
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
        return new RedirectEntry(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2));
    }
}
