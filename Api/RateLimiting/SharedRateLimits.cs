using System.Security.Cryptography;
using System.Text;
using Api.Diagnostics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Api.RateLimiting;

// The Api's abuse limits (RateLimitingOptions), each a FixedWindowLimit shared by every replica through Redis.
public sealed class SharedRateLimits : IDisposable
{
    private readonly FixedWindowLimit signInsPerClientIp;
    private readonly FixedWindowLimit signInFailuresPerAccountAndAddress;
    private readonly FixedWindowLimit signInFailuresPerAccount;
    private readonly FixedWindowLimit registrationsPerClientIp;
    private readonly FixedWindowLimit linkCreationPerAccount;
    private readonly FixedWindowLimit apiKeyRequests;

    public SharedRateLimits(IConnectionMultiplexer redis, IOptions<RateLimitingOptions> options, ILogger<SharedRateLimits> logger, ApiMetrics metrics)
    {
        var limits = options.Value;
        signInsPerClientIp = new FixedWindowLimit("login-ip", limits.LoginPerClientIp, redis, logger, metrics);
        signInFailuresPerAccountAndAddress = new FixedWindowLimit("login-failures-account-address", limits.LoginFailuresPerAccountAndAddress, redis, logger, metrics);
        signInFailuresPerAccount = new FixedWindowLimit("login-failures-account", limits.LoginFailuresPerAccount, redis, logger, metrics);
        registrationsPerClientIp = new FixedWindowLimit("registration-ip", limits.RegistrationPerClientIp, redis, logger, metrics);
        linkCreationPerAccount = new FixedWindowLimit("link-creation", limits.LinkCreationPerAccount, redis, logger, metrics);
        apiKeyRequests = new FixedWindowLimit("api-key", limits.ApiKeyRequests, redis, logger, metrics);
    }

    // Before the password is checked. Every attempt from an address counts (one address guessing many accounts);
    // an account's failures only refuse further attempts: from the address that made them, or from anywhere once
    // the looser per-account backstop is spent. So a stranger's wrong guesses cannot lock the owner out from
    // the owner's own address, and the right password never counts.
    public async Task<RateLimitDecision> AcquireSignInAsync(string? clientIp, string email, CancellationToken cancellationToken)
    {
        var byIp = await signInsPerClientIp.CountAsync($"links:rl:login-ip:{clientIp ?? "unknown"}", cancellationToken);
        if (!byIp.Allowed)
        {
            return byIp;
        }
        var fromAddress = await signInFailuresPerAccountAndAddress.PeekAsync(AccountAndAddressKey(clientIp, email), cancellationToken);
        if (!fromAddress.Allowed)
        {
            return fromAddress;
        }
        return await signInFailuresPerAccount.PeekAsync(AccountKey(email), cancellationToken);
    }

    // After a wrong password (or an email with no account, which must look the same).
    public async Task RecordSignInFailureAsync(string? clientIp, string email, CancellationToken cancellationToken)
    {
        await signInFailuresPerAccountAndAddress.CountAsync(AccountAndAddressKey(clientIp, email), cancellationToken);
        await signInFailuresPerAccount.CountAsync(AccountKey(email), cancellationToken);
    }

    public Task<RateLimitDecision> AcquireRegistrationAsync(string? clientIp, CancellationToken cancellationToken) =>
        registrationsPerClientIp.CountAsync($"links:rl:registration-ip:{clientIp ?? "unknown"}", cancellationToken);

    public Task<RateLimitDecision> AcquireLinkCreationAsync(Guid accountId, CancellationToken cancellationToken) =>
        linkCreationPerAccount.CountAsync($"links:rl:link-creation:{accountId}", cancellationToken);

    public Task<RateLimitDecision> AcquireApiKeyRequestAsync(Guid keyId, CancellationToken cancellationToken) =>
        apiKeyRequests.CountAsync($"links:rl:api-key:{keyId}", cancellationToken);

    // Hashed so Redis keys carry no email address.
    private static string AccountKey(string email) => $"links:rl:login-failures:{EmailHash(email)}";

    private static string AccountAndAddressKey(string? clientIp, string email) => $"links:rl:login-failures:{EmailHash(email)}:{clientIp ?? "unknown"}";

    private static string EmailHash(string email) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())));

    public void Dispose()
    {
        signInsPerClientIp.Dispose();
        signInFailuresPerAccountAndAddress.Dispose();
        signInFailuresPerAccount.Dispose();
        registrationsPerClientIp.Dispose();
        linkCreationPerAccount.Dispose();
        apiKeyRequests.Dispose();
    }
}
