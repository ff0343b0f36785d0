using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Api.Keys;

// A key is "lsk_" and 32 random bytes in base64url: the prefix lets secret scanners and people recognise a
// leaked key. Only its SHA-256 is stored; a key of 256 random bits needs no slow hash (nothing to guess).
public static class ApiKeySecret
{
    public const string Prefix = "lsk_";
    private const int RandomBytes = 32;
    public static readonly int Length = Prefix.Length + Base64Url.GetEncodedLength(RandomBytes);

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    // Anything that cannot be a key this Api made is refused without a database round trip.
    public static bool CouldBeKey(string? sent) =>
        sent is not null && sent.Length == Length && sent.StartsWith(Prefix, StringComparison.Ordinal)
        && Base64Url.IsValid(sent.AsSpan(Prefix.Length));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
