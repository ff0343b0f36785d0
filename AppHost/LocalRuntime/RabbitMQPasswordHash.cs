using System.Security.Cryptography;
using System.Text;

namespace AppHost.LocalRuntime;

// RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ utf8(password))), 4-byte salt.
public static class RabbitMQPasswordHash
{
    public static string Compute(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var digest = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. digest]);
    }
}
