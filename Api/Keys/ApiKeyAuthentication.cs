using System.Security.Claims;
using System.Text.Encodings.Web;
using ApiContract;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Api.Keys;

// X-Api-Key as an authentication scheme: the key acts as its owner (the same "sub" claim a bearer token has), so
// the endpoints that accept it need nothing of their own. Which endpoints accept it is the policy's business:
// BearerOrApiKey for a script's work (links, imports), BearerOnly for managing keys and the account.
public static class ApiKeyAuthentication
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "api_key_id";

    public const string BearerOrApiKey = nameof(BearerOrApiKey);
    public const string BearerOnly = nameof(BearerOnly);

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(BearerOrApiKey, policy => policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, SchemeName).RequireAuthenticatedUser())
            .AddPolicy(BearerOnly, policy => policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        return services;
    }

    // The key a request was authenticated by, if it was a key.
    public static Guid? ApiKeyId(this ClaimsPrincipal user) =>
        user.FindFirstValue(KeyIdClaim) is { } id ? Guid.Parse(id) : null;
}

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore store, IOptions<ApiKeyOptions> keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    // Found by its hash through a unique index, not compared in a loop: a timing difference could at most tell how much
    // of the SHA-256 of a guess matches a stored hash, which brings no one closer to a key. So no constant-time compare.
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ContractHeaders.ApiKey, out var sent))
        {
            return AuthenticateResult.NoResult();
        }
        if (sent.Count != 1 || !ApiKeySecret.CouldBeKey(sent[0]))
        {
            return AuthenticateResult.Fail("X-Api-Key is not a key this API issued.");
        }
        var owner = await store.AuthenticateAsync(ApiKeySecret.Hash(sent[0]!), keys.Value.LastUsedPrecision, Context.RequestAborted);
        if (owner is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, owner.OwnerId.ToString()),
                new Claim(ApiKeyAuthentication.KeyIdClaim, owner.KeyId.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private static string SchemeName => ApiKeyAuthentication.SchemeName;
}
