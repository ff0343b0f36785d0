using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Web.ApiClient;

namespace Web.Accounts;

// Renewal on use: the Api's access tokens live minutes (AccessTokens:LifetimeMinutes), so on a request that finds
// the cookie's token past half its lifetime the Web trades it for the session's next one (POST /api/auth/refresh) and
// re-issues the cookie. A user away longer than a token's lifetime signs in again, as does one whose session is older
// than AccessTokens:SessionLifetimeHours or was signed out elsewhere (the Api answers 401).
public static class AccessTokenRenewal
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (SignedInUser.From(context.Principal) is not { } user || AccessTokenPayload.Lifetime(user.AccessToken) is not { } lifetime)
        {
            return;
        }
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (lifetime.Expires - now > (lifetime.Expires - lifetime.IssuedAt) / 2)
        {
            return;
        }
        var api = context.HttpContext.RequestServices.GetRequiredService<LinksApi>();
        var renewed = await api.RefreshTokenAsync(user, context.HttpContext.RequestAborted);
        if (renewed.Succeeded)
        {
            var next = user with { AccessToken = renewed.Value.AccessToken };
            context.ReplacePrincipal(next.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme));
            context.Properties.ExpiresUtc = CookieSignIn.CookieExpiry(renewed.Value, now);
            context.ShouldRenew = true;
        }
        else if (renewed.Problem.IsUnauthorized)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        // Otherwise the Api could not be reached: the token serves until it expires, and the next request tries again.
    }
}
