using System.Collections.Frozen;

namespace Links;

// Words that name the app's own routes, now or later, so a short link can never shadow one.
// Compared case-insensitively because ASP.NET Core routes are.
public static class ReservedCodes
{
    private static readonly FrozenSet<string> Codes = new[]
    {
        "api",
        "health",
        "alive",
        "openapi",
        "scalar",
        "swagger",
        "favicon.ico",
        "robots.txt",
        "sitemap.xml",
        "admin",
        "login",
        "logout",
        "register",
        "signin",
        "signout",
        "signup",
        "account",
        "accounts",
        "auth",
        "links",
        "static",
        "assets",
        "_framework",
        "_blazor",
        "_content",
        "well-known",
        ".well-known",
        "metrics",
        "status",
        "error",
        "errors",
        "not-found",
        "export", // GET /api/links/export would hide GET /api/links/{code} of a link named so
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string code) => Codes.Contains(code);

    public static IEnumerable<string> All => Codes;
}
