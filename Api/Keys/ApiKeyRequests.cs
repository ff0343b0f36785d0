namespace Api.Keys;

// expiresAt is read as text, so a malformed time gets its own message instead of the body's generic one.
public sealed record CreateApiKeyRequest(string? Name, string? ExpiresAt);

// The only answer that carries the key itself: it is not stored, so it cannot be shown again.
public sealed record CreatedApiKey(Guid Id, string Name, string Key, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record ApiKeyListItem(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyListItem From(StoredApiKey key) => new(key.Id, key.Name, key.CreatedAt, key.ExpiresAt, key.LastUsedAt);
}
