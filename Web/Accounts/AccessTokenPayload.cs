using System.Text;
using System.Text.Json;

namespace Web.Accounts;

// The account id inside a token the Api has just issued to us over our own connection. The Web only
// reads it to key per-user state; the Api alone verifies tokens.
public static class AccessTokenSubject
{
    public static Guid? Read(string accessToken)
    {
        var parts = accessToken.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.TryGetProperty("sub", out var subject) && Guid.TryParse(subject.GetString(), out var id) ? id : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
