using System.Net;
using System.Net.Http.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// The limits are the Api's defaults (RateLimitingOptions); requests go round-robin to the replicas'
// own ports, so a limit counted per replica would let three times as many through. Each test is a client
// (or several) of its own: an address in 127.0.0.0/8 other than 127.0.0.1.
public sealed class RateLimitTests(SharedStack shared)
{
    private const int FailuresPerAccountAndAddress = 10;
    private const int FailuresPerAccount = 50;
    private const int LoginsPerClientIp = 100;
    private const int LinkCreationsPerAccount = 60;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_right_password_never_counts_against_an_account()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
        Assert.Equal(3, replicas.Count);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < FailuresPerAccountAndAddress + 5; attempt++)
        {
            statuses.Add(await SignInAsync(replicas[attempt % replicas.Count].Client, user.Email, user.Password));
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Dispose(replicas);
    }

    [Fact]
    public async Task A_strangers_wrong_passwords_lock_out_the_strangers_address_across_replicas_not_the_owner()
    {
        var stranger = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
        var owner = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
        Assert.Equal(3, stranger.Count);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        var guesses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < FailuresPerAccountAndAddress; attempt++)
        {
            guesses.Add(await SignInAsync(stranger[attempt % stranger.Count].Client, user.Email, "a wrong guess " + attempt));
        }
        Assert.All(guesses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));

        // Even the right password is refused from the stranger's address, on every replica...
        foreach (var (_, client) in stranger)
        {
            using var refused = await client.PostAsJsonAsync("/api/auth/token", new { email = user.Email, password = user.Password }, Cancellation);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        }
        // ...while the owner, from their own address, signs in on every replica.
        foreach (var (_, client) in owner)
        {
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, user.Email, user.Password));
        }
        Dispose(stranger);
        Dispose(owner);
    }

    [Fact]
    public async Task Wrong_passwords_from_many_addresses_meet_the_per_account_backstop()
    {
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        for (var address = 0; address < FailuresPerAccount / FailuresPerAccountAndAddress; address++)
        {
            var guesser = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
            for (var attempt = 0; attempt < FailuresPerAccountAndAddress; attempt++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(guesser[attempt % guesser.Count].Client, user.Email, $"guess {address}-{attempt}"));
            }
            Dispose(guesser);
        }

        var fresh = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(fresh[0].Client, user.Email, user.Password));
        Dispose(fresh);
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_client_address_are_limited_across_replicas()
    {
        // An address of our own on loopback, talking to the replicas directly, so the limit counts only this test.
        var replicas = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());

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

    private async Task<HttpStatusCode> SignInAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password }, Cancellation);
        return response.StatusCode;
    }

    // An address of our own on loopback, talking to the replicas directly, so that limits count only this client.
    private static IPAddress OwnAddress() => IPAddress.Parse($"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(2, 255)}");

    private static void Dispose(IReadOnlyList<(string Replica, HttpClient Client)> replicas)
    {
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }
}
