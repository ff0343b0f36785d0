using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Api.Accounts;

// Signed JWTs: every replica validates them with the shared key alone, so no replica keeps sessions.
public sealed class AccessTokenIssuer(IOptions<AccessTokenOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler handler = new();

    // The session a token belongs to (kept by refreshes, revoked by a sign-out) and when it began.
    public const string SessionClaim = "sid";
    public const string SessionStartClaim = JwtRegisteredClaimNames.AuthTime;

    // A new session's first token.
    public IssuedToken Issue(Account account) =>
        Issue(account.Id, account.Email, Guid.NewGuid().ToString("N"), time.GetUtcNow());

    // The next token of a session; null once the session is older than AccessTokens:SessionLifetimeHours.
    public IssuedToken? Renew(ClaimsPrincipal user)
    {
        if (!long.TryParse(user.FindFirstValue(SessionStartClaim), out var startedAtSeconds)
            || user.FindFirstValue(JwtRegisteredClaimNames.Email) is not { } email)
        {
            return null;
        }
        var started = DateTimeOffset.FromUnixTimeSeconds(startedAtSeconds);
        if (time.GetUtcNow() - started >= TimeSpan.FromHours(options.Value.SessionLifetimeHours))
        {
            return null;
        }
        return Issue(user.AccountId(), email, user.SessionId(), started);
    }

    private IssuedToken Issue(Guid accountId, string email, string sessionId, DateTimeOffset sessionStarted)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(settings.LifetimeMinutes),
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, accountId.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, email),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                new Claim(SessionClaim, sessionId),
                new Claim(SessionStartClaim, sessionStarted.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            ]),
            SigningCredentials = new SigningCredentials(SigningKey(settings), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, settings.LifetimeMinutes * 60);
    }

    public static SymmetricSecurityKey SigningKey(AccessTokenOptions settings) =>
        new(Encoding.UTF8.GetBytes(settings.SigningKey));
}
