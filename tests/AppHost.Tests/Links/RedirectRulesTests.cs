using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// A link's redirect rules on every api replica: maxVisits holds exactly under concurrent requests through
// all of them, validUntil ends a link that every replica's L1 and Redis hold, validSince opens one, and
// forwardQuery adds the request's query string to the target's.
public sealed class RedirectRulesTests(SharedStack shared)
{
    private static readonly TimeSpan ClicksTimeout = TimeSpan.FromSeconds(30);

    // How far ahead a link's window edge is set: room to create the link and fill every cache before it.
    private static readonly TimeSpan EdgeAhead = TimeSpan.FromSeconds(6);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_maxVisits_N_exactly_N_of_many_concurrent_requests_through_every_replica_redirect_and_count_a_click()
    {
        const int MaxVisits = 25;
        const int Requests = 200;
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        const string target = "https://example.com/limited";
        var code = await CreateAsync(user, replicas[0].Client, new { url = target, maxVisits = MaxVisits });

        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, Requests).Select(async i =>
        {
            await start.WaitAsync(Cancellation);
            using var response = await replicas[i % replicas.Count].Client.GetAsync("/" + code, Cancellation);
            return (response.StatusCode, Location: response.Headers.Location?.AbsoluteUri);
        }).ToList();
        start.Release(Requests);
        var answers = await Task.WhenAll(requests);

        Assert.Equal(MaxVisits, answers.Count(a => a.StatusCode == HttpStatusCode.Found));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Found), a => Assert.Equal(target, a.Location));
        Assert.Equal(Requests - MaxVisits, answers.Count(a => a.StatusCode == HttpStatusCode.NotFound));
        await AssertEveryReplicaAnswersNotFoundAsync(replicas, code);
        var clicks = await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count >= MaxVisits, ClicksTimeout, "the clicks of the redirects");
        Assert.Equal(MaxVisits, clicks);
        DisposeAll(replicas);
    }

    [Fact]
    public async Task Raising_maxVisits_lets_exactly_the_difference_through_and_lowering_it_below_the_visits_served_closes_the_link()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = await CreateAsync(user, replicas[0].Client, new { url = "https://example.com/raised", maxVisits = 2 });
        Assert.Equal([HttpStatusCode.Found, HttpStatusCode.Found, HttpStatusCode.NotFound, HttpStatusCode.NotFound], await StatusesAsync(replicas, code, 4));

        await PatchAsync(user, replicas[1].Client, code, new { maxVisits = 5 });
        Assert.Equal([HttpStatusCode.Found, HttpStatusCode.Found, HttpStatusCode.Found, HttpStatusCode.NotFound], await StatusesAsync(replicas, code, 4));

        await PatchAsync(user, replicas[2].Client, code, new { maxVisits = 3 });
        await AssertEveryReplicaAnswersNotFoundAsync(replicas, code);

        await PatchAsync(user, replicas[0].Client, code, new { maxVisits = (long?)null });
        Assert.All(await StatusesAsync(replicas, code, 3), status => Assert.Equal(HttpStatusCode.Found, status));
        DisposeAll(replicas);
    }

    [Fact]
    public async Task Once_validUntil_passes_every_replica_answers_404_though_its_L1_and_Redis_held_the_link_before()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        const string target = "https://example.com/expiring";
        var validUntil = DateTimeOffset.UtcNow + EdgeAhead;
        var code = await CreateAsync(user, replicas[0].Client, new { url = target, validUntil = validUntil.ToString("O") });
        // Three rounds: the first is answered from Redis (the creation put it there), the second puts it in each L1, the third is answered from it.
        for (var round = 0; round < 3; round++)
        {
            foreach (var (replica, client) in replicas)
            {
                using var response = await client.GetAsync("/" + code, Cancellation);
                Assert.True(response.StatusCode == HttpStatusCode.Found, $"{replica} answered {response.StatusCode} before validUntil");
            }
        }
        Assert.True(DateTimeOffset.UtcNow < validUntil, "filling the caches took longer than the time left before validUntil; the test proves nothing");
        var clicksBefore = await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count >= 3 * replicas.Count, ClicksTimeout, "the clicks before validUntil");

        await Eventually.HoldsAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now >= validUntil, EdgeAhead + TimeSpan.FromSeconds(5), "the clock passing validUntil");

        await AssertEveryReplicaAnswersNotFoundAsync(replicas, code);
        await AssertEveryReplicaAnswersNotFoundAsync(replicas, code);
        Assert.Equal(clicksBefore, await ClickStore.ClicksAsync(shared.Stack, code));
        DisposeAll(replicas);
    }

    [Fact]
    public async Task Before_validSince_every_replica_answers_404_and_from_it_on_redirects()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        const string target = "https://example.com/opening";
        var validSince = DateTimeOffset.UtcNow + EdgeAhead;
        var code = await CreateAsync(user, replicas[0].Client, new { url = target, validSince = validSince.ToString("O") });

        await AssertEveryReplicaAnswersNotFoundAsync(replicas, code);
        await AssertEveryReplicaAnswersNotFoundAsync(replicas, code);
        Assert.True(DateTimeOffset.UtcNow < validSince, "the 404s came after validSince; the test proves nothing");
        Assert.Equal(0, await ClickStore.ClicksAsync(shared.Stack, code));

        await Eventually.HoldsAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now >= validSince, EdgeAhead + TimeSpan.FromSeconds(5), "the clock passing validSince");

        foreach (var (replica, client) in replicas)
        {
            using var response = await client.GetAsync("/" + code, Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.Found, $"{replica} answered {response.StatusCode} after validSince");
            Assert.Equal(target, response.Headers.Location?.AbsoluteUri);
        }
        DisposeAll(replicas);
    }

    [Theory]
    [InlineData("https://example.com/p?a=1#section", "?b=2&a=3", "https://example.com/p?a=1&b=2&a=3#section")]
    [InlineData("https://example.com/p", "?utm_source=news%20letter", "https://example.com/p?utm_source=news%20letter")]
    [InlineData("https://example.com/p?", "?b=2", "https://example.com/p?b=2")]
    [InlineData("https://example.com/p?a=1", "", "https://example.com/p?a=1")]
    public async Task With_forwardQuery_the_requests_query_is_added_after_the_targets_own_before_its_fragment(string target, string query, string expected)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = await CreateAsync(user, api, new { url = target });

        using var response = await api.GetAsync("/" + code + query, Cancellation);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(expected, response.Headers.GetValues("Location").Single());
    }

    [Fact]
    public async Task Without_forwardQuery_the_target_is_followed_as_stored()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        const string target = "https://example.com/fixed?a=1#top";
        var code = await CreateAsync(user, api, new { url = target, forwardQuery = false });

        using var response = await api.GetAsync("/" + code + "?b=2", Cancellation);

        Assert.Equal(target, response.Headers.GetValues("Location").Single());
    }

    private async Task<string> CreateAsync(TestUser user, HttpClient api, object body)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", body), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString()!;
    }

    private async Task PatchAsync(TestUser user, HttpClient api, string code, object body)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Patch, $"/api/links/{code}", body), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
    }

    // One request after another, round the replicas.
    private async Task<List<HttpStatusCode>> StatusesAsync(IReadOnlyList<(string Replica, HttpClient Client)> replicas, string code, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await replicas[i % replicas.Count].Client.GetAsync("/" + code, Cancellation);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }

    // Exactly like an unknown code: problem+json for an API client, the not-found page for a browser.
    private async Task AssertEveryReplicaAnswersNotFoundAsync(IReadOnlyList<(string Replica, HttpClient Client)> replicas, string code)
    {
        foreach (var (replica, client) in replicas)
        {
            using var response = await client.GetAsync("/" + code, Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{replica} answered {response.StatusCode} for {code}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Headers.Location);
            using var browser = new HttpRequestMessage(HttpMethod.Get, "/" + code);
            browser.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            using var page = await client.SendAsync(browser, Cancellation);
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("Link not found", await page.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
    }

    private static void DisposeAll(IReadOnlyList<(string Replica, HttpClient Client)> replicas)
    {
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }
}
