using System.Net;
using System.Security.Cryptography;
using System.Text;
using ApiContract;

namespace Api.RateLimiting;

// The address a per-client limit counts: the connection's, or the browser's that the Web forwarded with the key
// only the Web holds (ApiContract.WebForwarding). A client that sends the address without the right key is counted
// by its own connection, as if it had sent nothing.
public sealed class ClientAddresses(IConfiguration configuration)
{
    // Hashed so the comparison takes the same time whatever the sent key's length.
    private readonly byte[]? webKeyHash = configuration[$"{WebForwarding.SectionName}:{WebForwarding.KeyName}"] is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    public string? Of(HttpContext http)
    {
        var headers = http.Request.Headers;
        if (webKeyHash is not null
            && headers.TryGetValue(WebForwarding.KeyHeader, out var sentKey) && sentKey.Count == 1
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sentKey[0] ?? "")), webKeyHash)
            && headers.TryGetValue(WebForwarding.ClientAddressHeader, out var sentAddress) && sentAddress.Count == 1
            && IPAddress.TryParse(sentAddress[0], out var browser))
        {
            return Normalized(browser);
        }
        return http.Connection.RemoteIpAddress is { } connection ? Normalized(connection) : null;
    }

    private static string Normalized(IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
