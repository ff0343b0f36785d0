using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Links;

// The path segment that names a short link: generated, or chosen by the user.
public static partial class ShortCode
{
    public const int GeneratedLength = 7;
    public const string Pattern = "^[A-Za-z0-9_-]{3,64}$";

    private const int MinLength = 3;
    private const int MaxLength = 64;
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Generate()
    {
        string code;
        // A reserved word ("Swagger") would be shadowed by its route; vanishingly rare, but cheap to rule out.
        do
        {
            code = RandomNumberGenerator.GetString(Base62, GeneratedLength);
        }
        while (ReservedCodes.Contains(code));
        return code;
    }

    public static bool IsValidCustom(string? code, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(code))
        {
            error = "Enter a short code.";
            return false;
        }
        if (code.Length < MinLength)
        {
            error = $"A short code must be at least {MinLength} characters long.";
            return false;
        }
        if (code.Length > MaxLength)
        {
            error = $"A short code must be at most {MaxLength} characters long.";
            return false;
        }
        if (!CouldExist(code))
        {
            error = "A short code may contain only the letters A-Z and a-z, the digits 0-9, '-' and '_'.";
            return false;
        }
        if (ReservedCodes.Contains(code))
        {
            error = $"The short code '{code}' is reserved; choose another.";
            return false;
        }

        error = null;
        return true;
    }

    // In .NET, `$` also matches before a final "\n", so "abc\n" would pass the pattern alone.
    public static bool CouldExist(string? code) =>
        code is not null && !code.EndsWith('\n') && PatternRegex().IsMatch(code);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex PatternRegex();
}
