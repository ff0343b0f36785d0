using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Web.ApiClient;

namespace Web.Accounts;

// Sign-in state is one encrypted cookie: any Web replica can read it, because all of them share the
// data-protection keys in Redis. It expires with the Api token inside it.
public static class CookieSignIn
{
    public const string CookieName = "links.auth";
    public const string SignInPath = "/sign-in";

    public static IHostApplicationBuilder AddCookieSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = SignInPath;
                options.SlidingExpiration = false;
                options.Events.OnValidatePrincipal = AccessTokenRenewal.ValidatePrincipalAsync;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static async Task<bool> SignInAsync(HttpContext http, string email, IssuedToken token)
    {
        if (AccessTokenPayload.Subject(token.AccessToken) is not { } accountId)
        {
            return false;
        }
        var user = new SignedInUser(accountId, email, token.AccessToken);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user.ToPrincipal(CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties
            {
                IsPersistent = true,
                ExpiresUtc = CookieExpiry(token, DateTimeOffset.UtcNow),
            });
        return true;
    }

    // A minute early, so the cookie never outlives the token it carries.
    public static DateTimeOffset CookieExpiry(IssuedToken token, DateTimeOffset issuedAt) =>
        issuedAt.AddSeconds(Math.Max(60, token.ExpiresIn) - 60);

    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        // A form post (antiforgery-checked because it binds the form), never a GET a link could trigger.
        // The Api revokes the session first, so the token in the cookie is refused everywhere even if the cookie was copied.
        app.MapPost("/sign-out", async (HttpContext http, LinksApi api, ILoggerFactory loggers, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (SignedInUser.From(http.User) is { } user)
            {
                var revoked = await api.LogoutAsync(user, http.RequestAborted);
                if (!revoked.Succeeded && !revoked.Problem.IsUnauthorized)
                {
                    loggers.CreateLogger(typeof(CookieSignIn)).LogWarning(
                        "Signed out of the Web, but the Api did not revoke the session ({Status}); its token expires by itself", revoked.Problem.Status);
                }
            }
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect(ReturnUrl.LocalOr(returnUrl, "/"));
        });
        return app;
    }
}
