namespace Web.Links;

// The Api's rules for a custom code (Links/ShortCode.cs, Links/ReservedCodes.cs), told before the form is sent;
// tests/Web.Tests/Links/CustomCodeRulesTests.cs keeps this list equal to the Api's.
public static class CustomCodeRules
{
    // The reserved words a code could otherwise be (the rest, like "favicon.ico", have characters no code may have).
    public static readonly IReadOnlyList<string> ReservedWords =
    [
        "_blazor", "_content", "_framework", "account", "accounts", "admin", "alive", "api", "assets", "auth", "error",
        "errors", "export", "health", "links", "login", "logout", "metrics", "not-found", "openapi", "register", "scalar",
        "signin", "signout", "signup", "static", "status", "swagger", "well-known",
    ];

    public static string Hint { get; } =
        "Leave empty for a generated code. Otherwise 3 to 64 characters: the letters A-Z and a-z, the digits 0-9, '-' and '_'. " +
        "A code is yours for good: one already taken, even by a deleted link, cannot be chosen again. " +
        $"Not one of the words the service keeps for itself (in any case): {string.Join(", ", ReservedWords)}.";
}
