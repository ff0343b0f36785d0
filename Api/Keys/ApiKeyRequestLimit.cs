using Api.Problems;
using Api.RateLimiting;

namespace Api.Keys;

// Every request a key authenticates counts against that key's own window (RateLimiting:ApiKeyRequests), on every
// replica together; past it the key gets 429 with Retry-After. Bearer tokens are not counted here.
public static class ApiKeyRequestLimit
{
    // After UseAuthorization: the endpoint's policy has authenticated the key by then.
    public static IApplicationBuilder UseApiKeyRequestLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.User.ApiKeyId() is { } keyId)
            {
                var limits = http.RequestServices.GetRequiredService<SharedRateLimits>();
                var decision = await limits.AcquireApiKeyRequestAsync(keyId, http.RequestAborted);
                if (!decision.Allowed)
                {
                    await ApiProblems.TooManyRequests(http, decision.RetryAfter).ExecuteAsync(http);
                    return;
                }
            }
            await next(http);
        });
}
