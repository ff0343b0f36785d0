using System.Security.Cryptography;

namespace Web.Security;

// A fresh random value for each response: only the inline scripts the server wrote carry it, so only they run.
public static class CspNonce
{
    private static readonly object ItemKey = new();

    public static string Create(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[ItemKey] = nonce;
        return nonce;
    }

    public static string Of(HttpContext? context) =>
        context?.Items[ItemKey] as string
            ?? throw new InvalidOperationException("No CSP nonce: the security headers middleware did not run for this request.");
}
