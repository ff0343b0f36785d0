using System.Net;
using System.Net.Http.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// The limits are the Api's defaults (RateLimitingOptions); requests go round-robin to the replicas'
// own ports, so a limit counted per replica would let three times as many through.
public sealed class RateLimitTests(SharedStack shared)
{
    private const int LoginsPerAccount = 10;
    private const int LoginsPerClientIp = 100;
    private const int LinkCreationsPerAccount = 60;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_attempts_for_one_account_are_limited_across_replicas()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation); // one attempt used

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= LoginsPerAccount; attempt++)
        {
            using var response = await replicas[attempt % replicas.Count].Client.PostAsJsonAsync(
                "/api/auth/token", new { email = user.Email, password = user.Password }, Cancellation);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) > 0);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, LoginsPerAccount - 1), statuses.Take(LoginsPerAccount - 1));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Dispose(replicas);
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_client_address_are_limited_across_replicas()
    {
        // An address of our own on loopback, talking to the replicas directly, so the limit counts only this test.
        var source = IPAddress.Parse($"127.0.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(2, 255)}");
        var replicas = ApiEndpoints.EachReplica(shared.Stack, source);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= LoginsPerClientIp; attempt++)
        {
            using var response = await replicas[attempt % replicas.Count].Client.PostAsJsonAsync(
                "/api/auth/token", new { email = $"guess-{attempt}@example.com", password = "a guessed password" }, Cancellation);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, LoginsPerClientIp), statuses.Take(LoginsPerClientIp));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Dispose(replicas);
    }

    [Fact]
    public async Task Link_creation_is_limited_per_account_across_replicas()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= LinkCreationsPerAccount; attempt++)
        {
            using var response = await replicas[attempt % replicas.Count].Client.SendAsync(
                user.Request(HttpMethod.Post, "/api/links", new { url = $"https://example.com/{attempt}" }), Cancellation);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Created, LinkCreationsPerAccount), statuses.Take(LinkCreationsPerAccount));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Dispose(replicas);
    }

    private static void Dispose(IReadOnlyList<(string Replica, HttpClient Client)> replicas)
    {
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }
}
