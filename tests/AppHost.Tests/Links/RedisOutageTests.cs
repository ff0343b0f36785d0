using System.Net;
using System.Net.Http.Json;
using AppHost.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace AppHost.Tests.Links;

[Collection(FailureDrills.Name)]
public sealed class RedisOutageTests(FailureDrillStack shared)
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_Redis_stopped_redirects_edits_and_creations_still_work_and_Redis_gets_the_edit_once_it_is_back()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/before-outage", Cancellation)).GetProperty("code").GetString()!;
        await AssertRedirectsAsync(api, code, "https://example.com/before-outage", times: 3);
        var cache = shared.Stack.ResourceIdOf("cache");

        await shared.Stack.StopAsync(cache, Cancellation);
        try
        {
            await AssertRedirectsAsync(api, code, "https://example.com/before-outage", times: 20);

            using var edit = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/during-outage" }), Cancellation);
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
            await AssertRedirectsAsync(api, code, "https://example.com/during-outage", times: 10);

            var created = (await user.CreateLinkAsync(api, "https://example.com/created-during-outage", Cancellation)).GetProperty("code").GetString()!;
            await AssertRedirectsAsync(api, created, "https://example.com/created-during-outage", times: 3);
        }
        finally
        {
            await shared.Stack.StartAgainAsync(cache, Cancellation);
        }

        // No redirect has asked for the code since Redis came back: the queued refresh put the edit there.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        await Eventually.HoldsAsync(
            async () => (string?)await redis.GetDatabase().StringGetAsync("redirect:" + code),
            value => value == "2|https://example.com/during-outage",
            RecoveryTimeout,
            "the queued cache refresh reaching Redis");
        await Eventually.HoldsAsync(PendingRefreshesAsync, count => count == 0, RecoveryTimeout, "the refresh queue emptying");
        await AssertRedirectsAsync(api, code, "https://example.com/during-outage", times: 10);
    }

    [Fact]
    public async Task With_Redis_stopped_wrong_passwords_are_still_limited_on_each_replica()
    {
        const int FailuresPerAccountAndAddress = 10;
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var address = System.Net.IPAddress.Parse($"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(2, 255)}");
        var replicas = ApiEndpoints.EachReplica(shared.Stack, address);
        var cache = shared.Stack.ResourceIdOf("cache");

        await shared.Stack.StopAsync(cache, Cancellation);
        try
        {
            var client = replicas[0].Client;
            for (var attempt = 0; attempt < FailuresPerAccountAndAddress; attempt++)
            {
                using var guess = await client.PostAsJsonAsync("/api/auth/token", new { email = user.Email, password = "a wrong guess " + attempt }, Cancellation);
                Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
            }
            using var refused = await client.PostAsJsonAsync("/api/auth/token", new { email = user.Email, password = user.Password }, Cancellation);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }
        finally
        {
            await shared.Stack.StartAgainAsync(cache, Cancellation);
            foreach (var (_, client) in replicas)
            {
                client.Dispose();
            }
        }
    }

    private async Task<long> PendingRefreshesAsync()
    {
        await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await connection.OpenAsync(Cancellation);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM redirect_cache_refreshes", connection);
        return (long)(await count.ExecuteScalarAsync(Cancellation))!;
    }

    // A new connection each time, so the redirects spread over the replicas.
    private async Task AssertRedirectsAsync(HttpClient api, string code, string target, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + code);
            request.Headers.ConnectionClose = true;
            using var response = await api.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Equal(target, response.Headers.Location?.AbsoluteUri);
        }
    }
}
