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

    public IssuedToken Issue(Account account)
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
                new Claim(JwtRegisteredClaimNames.Sub, account.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, account.Email),
            ]),
            SigningCredentials = new SigningCredentials(SigningKey(settings), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, settings.LifetimeMinutes * 60);
    }

    public static SymmetricSecurityKey SigningKey(AccessTokenOptions settings) =>
        new(Encoding.UTF8.GetBytes(settings.SigningKey));
}
