using Microsoft.AspNetCore.Identity;

namespace Api.Accounts;

public static class AccountsFeature
{
    // OWASP's current recommendation for PBKDF2-HMAC-SHA512, the algorithm of ASP.NET Core Identity's hashes. A hash made
    // with fewer iterations verifies as SuccessRehashNeeded, and sign-in stores it again with these.
    public const int PasswordHashIterations = 210_000;

    public static PasswordHasher<Account> PasswordHasher() =>
        new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = PasswordHashIterations }));

    // Sign-up and sign-in: accounts in Postgres, PBKDF2 password hashes, signed access tokens.
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAccessTokenAuthentication();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<IPasswordHasher<Account>>(PasswordHasher());
        return builder;
    }
}
