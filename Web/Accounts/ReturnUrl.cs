namespace Web.Accounts;

// Where to go after signing in or out: only a path on this site, never another origin.
public static class ReturnUrl
{
    public static string LocalOr(string? returnUrl, string fallback) =>
        returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] is not ('/' or '\\') && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : returnUrl == "/" ? "/" : fallback;
}
