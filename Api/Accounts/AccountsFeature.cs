using Microsoft.AspNetCore.Identity;

namespace Api.Accounts;

public static class AccountsFeature
{
    // Sign-up and sign-in: accounts in Postgres, PBKDF2 password hashes, signed access tokens.
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAccessTokenAuthentication();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        return builder;
    }
}
