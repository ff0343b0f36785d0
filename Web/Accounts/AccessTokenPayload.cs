using System.Text;
using System.Text.Json;

namespace Web.Accounts;

// What the Web reads inside a token the Api issued to it over its own connection: the account id, to key per-user
// state, and the token's lifetime, to renew it in time (AccessTokenRenewal). The Api alone verifies tokens.
public static class AccessTokenPayload
{
    public static Guid? Subject(string accessToken) =>
        Read(accessToken, payload => payload.TryGetProperty("sub", out var subject) && Guid.TryParse(subject.GetString(), out var id) ? id : (Guid?)null);

    public static (DateTimeOffset IssuedAt, DateTimeOffset Expires)? Lifetime(string accessToken) =>
        Read(accessToken, payload => payload.TryGetProperty("iat", out var issuedAt) && issuedAt.TryGetInt64(out var issued)
            && payload.TryGetProperty("exp", out var expires) && expires.TryGetInt64(out var expiry)
                ? (DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expiry))
                : ((DateTimeOffset, DateTimeOffset)?)null);

    private static T? Read<T>(string accessToken, Func<JsonElement, T?> read)
    {
        var parts = accessToken.Split('.');
        if (parts.Length != 3)
        {
            return default;
        }
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.ValueKind == JsonValueKind.Object ? read(json.RootElement) : default;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            return default;
        }
    }
}
