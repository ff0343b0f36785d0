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
    private const int RegistrationsPerClientIp = 20;

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
    public async Task Sign_ups_from_one_client_address_are_limited_across_replicas_and_a_refused_one_creates_nothing()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < RegistrationsPerClientIp; attempt++)
        {
            statuses.Add(await SignUpAsync(replicas[attempt % replicas.Count].Client, $"signup-{Guid.NewGuid():N}@example.com"));
        }
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));

        var refusedEmail = $"signup-{Guid.NewGuid():N}@example.com";
        using (var refused = await replicas[0].Client.PostAsJsonAsync("/api/auth/register", new { email = refusedEmail, password = "long enough password" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        }
        // The refused email was not taken: it signs up from another address.
        var other = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
        Assert.Equal(HttpStatusCode.Created, await SignUpAsync(other[1].Client, refusedEmail));
        Dispose(replicas);
        Dispose(other);
    }

    [Fact]
    public async Task The_api_counts_a_browser_address_only_when_the_web_sends_it_with_the_webs_key()
    {
        var key = ApiEndpoints.WebForwardingKey(shared.Stack);
        var web = ApiEndpoints.EachReplica(shared.Stack, OwnAddress()); // stands for the web's server
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var stranger = OwnAddress();

        // The stranger's browser fails ten times through the web: that browser is locked out, on every replica...
        for (var attempt = 0; attempt < FailuresPerAccountAndAddress; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(web[attempt % web.Count].Client, user.Email, "wrong " + attempt, stranger, key));
        }
        foreach (var (_, client) in web)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, user.Email, user.Password, stranger, key));
        }
        // ...while the owner's browser, through the same web server, signs in.
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(web[0].Client, user.Email, user.Password, OwnAddress(), key));

        // A client that claims other addresses without the key is counted by its own connection's address.
        var forger = ApiEndpoints.EachReplica(shared.Stack, OwnAddress());
        for (var attempt = 0; attempt < FailuresPerAccountAndAddress; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(forger[attempt % forger.Count].Client, user.Email, "forged " + attempt, OwnAddress(), "not the key"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(forger[0].Client, user.Email, user.Password, OwnAddress(), "not the key"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(forger[1].Client, user.Email, user.Password, OwnAddress(), webForwardingKey: null));
        Dispose(web);
        Dispose(forger);
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

    // With a claimed browser address, sent with the given key (none: the address alone).
    private async Task<HttpStatusCode> SignInAsync(HttpClient client, string email, string password, IPAddress browser, string? webForwardingKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(ApiContract.WebForwarding.ClientAddressHeader, browser.ToString());
        if (webForwardingKey is not null)
        {
            request.Headers.Add(ApiContract.WebForwarding.KeyHeader, webForwardingKey);
        }
        using var response = await client.SendAsync(request, Cancellation);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> SignUpAsync(HttpClient client, string email)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password = "long enough password" }, Cancellation);
        return response.StatusCode;
    }

    // An address of our own on loopback, talking to the replicas directly, so that limits count only this client.
    private static IPAddress OwnAddress() => SourceAddress.Random();

    private static void Dispose(IReadOnlyList<(string Replica, HttpClient Client)> replicas)
    {
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }
}
