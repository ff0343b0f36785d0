using Npgsql;
using ReadRouting;

namespace Api.Keys;

// The api_keys table. Everything here talks to the primary: a key created or revoked a moment ago through
// another replica must hold at once, and a replica's lag (or a Redis outage) must never let a revoked key in.
// A lookup is one indexed read by the key's hash, which the unique index answers.
public sealed class ApiKeyStore(LinksDatabase database)
{
    private const string ListColumns = "id, name, created_at, expires_at, last_used_at";

    // Null when the account already holds the maximum number of keys.
    public async Task<StoredApiKey?> CreateAsync(Guid ownerId, NewApiKey newKey, byte[] keyHash, int maximumPerAccount, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The account's row serialises concurrent creations, so two of them cannot both take the last place.
        await using (var lockAccount = new NpgsqlCommand("SELECT 1 FROM accounts WHERE id = @owner FOR UPDATE", connection, transaction))
        {
            lockAccount.Parameters.AddWithValue("owner", ownerId);
            await lockAccount.ExecuteScalarAsync(cancellationToken);
        }
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO api_keys (id, owner_id, name, key_hash, expires_at)
            SELECT @id, @owner, @name, @hash, @expires
            WHERE (SELECT count(*) FROM api_keys WHERE owner_id = @owner) < @maximum
            RETURNING {ListColumns}
            """, connection, transaction);
        insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
        insert.Parameters.AddWithValue("owner", ownerId);
        insert.Parameters.AddWithValue("name", newKey.Name);
        insert.Parameters.AddWithValue("hash", keyHash);
        insert.Parameters.AddWithValue("expires", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)newKey.ExpiresAt ?? DBNull.Value);
        insert.Parameters.AddWithValue("maximum", maximumPerAccount);
        StoredApiKey? created;
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            created = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {ListColumns} FROM api_keys WHERE owner_id = @owner ORDER BY created_at DESC, id DESC", connection);
        command.Parameters.AddWithValue("owner", ownerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<StoredApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(Read(reader));
        }
        return keys;
    }

    // False when the account has no key with this id.
    public async Task<bool> DeleteAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM api_keys WHERE id = @id AND owner_id = @owner", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("owner", ownerId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // The key's owner, if the key exists and has not expired. In the same statement, lastUsedAt is moved on only
    // when it is older than the precision, so a busy key costs one write a minute, not one per request.
    public async Task<ApiKeyOwner?> AuthenticateAsync(byte[] keyHash, TimeSpan lastUsedPrecision, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            WITH found AS (
                SELECT id, owner_id FROM api_keys
                WHERE key_hash = @hash AND (expires_at IS NULL OR expires_at > now())
            ), touched AS (
                UPDATE api_keys k SET last_used_at = now() FROM found
                WHERE k.id = found.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - @precision)
            )
            SELECT id, owner_id FROM found
            """, connection);
        command.Parameters.AddWithValue("hash", keyHash);
        command.Parameters.AddWithValue("precision", lastUsedPrecision);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ApiKeyOwner(reader.GetGuid(0), reader.GetGuid(1)) : null;
    }

    private static StoredApiKey Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetFieldValue<DateTimeOffset>(2),
        reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));
}

public sealed record StoredApiKey(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

public sealed record ApiKeyOwner(Guid KeyId, Guid OwnerId);
