using Npgsql;

namespace Api.Redirects;

// What a code resolves to at one version of its row, as the redirect cache holds it. Target null: the
// code does not resolve (version 0: no such link yet; above 0: the link was deleted).
public sealed record RedirectEntry(long Version, string? Target)
{
    public static RedirectEntry Unknown { get; } = new(0, null);

    // The code's entry as of now on this connection (a cache fill, or a queued refresh).
    public static async Task<RedirectEntry> ReadCurrentAsync(NpgsqlConnection connection, string code, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var select = new NpgsqlCommand(
            "SELECT version, CASE WHEN deleted_at IS NULL THEN target_url END FROM links WHERE code = @code", connection, transaction);
        select.Parameters.AddWithValue("code", code);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return Unknown;
        }
        return new RedirectEntry(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
