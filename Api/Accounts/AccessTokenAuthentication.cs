using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Api.Accounts;

public static class AccessTokenAuthentication
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddAccessTokenAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AccessTokenOptions>()
            .BindConfiguration(AccessTokenOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => Encoding.UTF8.GetByteCount(o.SigningKey) >= AccessTokenOptions.MinimumSigningKeyBytes,
                $"AccessTokens:SigningKey must be at least {AccessTokenOptions.MinimumSigningKeyBytes} bytes.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessTokenOptions>>((jwt, tokens) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokens.Value.Issuer,
                    ValidAudience = tokens.Value.Audience,
                    IssuerSigningKey = AccessTokenIssuer.SigningKey(tokens.Value),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = JwtRegisteredClaimNames.Email,
                    ClockSkew = AccessTokenAuthentication.ClockSkew,
                };
                jwt.Events = new JwtBearerEvents
                {
                    // A signed-out session's tokens are refused on every replica, though they have not expired.
                    OnTokenValidated = async context =>
                    {
                        var session = context.Principal?.FindFirstValue(AccessTokenIssuer.SessionClaim);
                        if (string.IsNullOrEmpty(session))
                        {
                            context.Fail("The token names no session.");
                        }
                        else if (await context.HttpContext.RequestServices.GetRequiredService<RevokedSessions>().IsRevokedAsync(session, context.HttpContext.RequestAborted))
                        {
                            context.Fail("The token's session was signed out.");
                        }
                    },
                };
            });
        services.AddAuthorization();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<RevokedSessions>();
        services.AddHostedService(provider => provider.GetRequiredService<RevokedSessions>());
        return services;
    }

    public static string SessionId(this ClaimsPrincipal user) =>
        user.FindFirstValue(AccessTokenIssuer.SessionClaim) ?? throw new InvalidOperationException("The token names no session.");

    public static Guid AccountId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("The token has no subject."));
}
