using System.Security.Claims;

namespace Web.Accounts;

// Who is signed in, as the auth cookie says: the account and the Api's bearer token for it. The token
// lives only in that cookie (encrypted with the shared data-protection keys), never in the browser's storage.
public sealed record SignedInUser(Guid AccountId, string Email, string AccessToken)
{
    public const string AccessTokenClaim = "access_token";

    public static SignedInUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId)
            || principal.FindFirstValue(AccessTokenClaim) is not { Length: > 0 } accessToken)
        {
            return null;
        }
        return new SignedInUser(accountId, principal.FindFirstValue(ClaimTypes.Email) ?? "", accessToken);
    }

    public ClaimsPrincipal ToPrincipal(string authenticationType) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, AccountId.ToString()),
                new Claim(ClaimTypes.Email, Email),
                new Claim(ClaimTypes.Name, Email),
                new Claim(AccessTokenClaim, AccessToken),
            ], authenticationType));
}
