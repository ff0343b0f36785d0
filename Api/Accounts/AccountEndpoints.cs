using Api.Keys;
using Api.Overload;
using Api.Problems;
using Api.RateLimiting;
using Microsoft.AspNetCore.Identity;

namespace Api.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").RequireLoadShedding(LoadShedding.PasswordHashing);
        auth.MapPost("/register", RegisterAsync).WithName("Register").WithSummary("Create an account.");
        auth.MapPost("/token", IssueTokenAsync).WithName("IssueToken").WithSummary("Exchange email and password for a bearer token.");

        var session = app.MapGroup("/api/auth").WithTags("Accounts").RequireAuthorization(ApiKeyAuthentication.BearerOnly);
        session.MapPost("/refresh", Refresh).WithName("RefreshToken")
            .WithSummary("Exchange a valid bearer token for a new one of the same session (until AccessTokens:SessionLifetimeHours after sign-in).");
        session.MapPost("/logout", LogoutAsync).WithName("Logout")
            .WithSummary("Sign the bearer token's session out: its tokens are refused on every replica from now on.");
        return app;
    }

    private static Results<Ok<IssuedToken>, ProblemHttpResult> Refresh(HttpContext http, AccessTokenIssuer tokens) =>
        tokens.Renew(http.User) is { } renewed ? TypedResults.Ok(renewed) : ApiProblems.SessionExpired();

    private static async Task<Results<NoContent, ProblemHttpResult>> LogoutAsync(HttpContext http, RevokedSessions revoked, CancellationToken cancellationToken)
    {
        if (!await revoked.RevokeAsync(http.User.SessionId(), cancellationToken))
        {
            http.Response.Headers.RetryAfter = "1";
            return ApiProblems.SignedOutHereOnly();
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<RegisteredAccount>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, HttpContext http, AccountStore accounts, IPasswordHasher<Account> hasher,
        SharedRateLimits rateLimits, ClientAddresses clientAddresses, CancellationToken cancellationToken)
    {
        var errors = AccountRules.ValidateRegistration(request.Email, request.Password);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var limit = await rateLimits.AcquireRegistrationAsync(clientAddresses.Of(http), cancellationToken);
        if (!limit.Allowed)
        {
            return ApiProblems.TooManyRequests(http, limit.RetryAfter);
        }

        var account = new Account(Guid.CreateVersion7(), request.Email!, "");
        account = account with { PasswordHash = hasher.HashPassword(account, request.Password!) };
        if (!await accounts.CreateAsync(account, cancellationToken))
        {
            return ApiProblems.EmailRegistered();
        }
        return TypedResults.Created((string?)null, new RegisteredAccount(account.Id, account.Email));
    }

    private static async Task<Results<Ok<IssuedToken>, ValidationProblem, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request, HttpContext http, AccountStore accounts, IPasswordHasher<Account> hasher,
        AccessTokenIssuer tokens, SharedRateLimits rateLimits, ClientAddresses clientAddresses, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Email) || string.IsNullOrEmpty(request.Password)
            || request.Email.Length > AccountRules.MaximumEmailLength || request.Password.Length > AccountRules.MaximumPasswordLength
            || request.Email.Any(char.IsControl) || request.Password.Any(char.IsControl))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["credentials"] = ["Send an email (at most 254 characters) and a password (at most 128), neither with control characters."],
            });
        }

        var clientIp = clientAddresses.Of(http);
        var limit = await rateLimits.AcquireSignInAsync(clientIp, request.Email, cancellationToken);
        if (!limit.Allowed)
        {
            return ApiProblems.TooManyRequests(http, limit.RetryAfter);
        }

        var account = await accounts.FindByEmailAsync(request.Email, cancellationToken);
        if (account is null)
        {
            // Same work (and the same count) as a wrong password, so neither time nor limits tell which emails have accounts.
            hasher.VerifyHashedPassword(UnknownAccount, UnknownAccount.PasswordHash, request.Password);
            await rateLimits.RecordSignInFailureAsync(clientIp, request.Email, cancellationToken);
            return ApiProblems.BadCredentials();
        }

        var verification = hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password);
        if (verification == PasswordVerificationResult.Failed)
        {
            await rateLimits.RecordSignInFailureAsync(clientIp, request.Email, cancellationToken);
            return ApiProblems.BadCredentials();
        }
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await accounts.UpdatePasswordHashAsync(account.Id, hasher.HashPassword(account, request.Password), cancellationToken);
        }
        return TypedResults.Ok(tokens.Issue(account));
    }

    // Hashed with the same iterations as real accounts, so verifying it takes as long.
    private static readonly Account UnknownAccount = new(
        Guid.Empty, "", AccountsFeature.PasswordHasher().HashPassword(new Account(Guid.Empty, "", ""), Guid.NewGuid().ToString()));
}
