using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using ReadRouting;

namespace AppHost.Tests.Replication;

// X-Read-Source "replica" is only ever reported for a connection whose server said in_hot_standby = on
// when it opened (PostgreSQL reports it itself), so these assert the server's identity, not timing.
public sealed class ReadRoutingTests(SharedStack shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Analytics_are_served_by_the_replica()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/analytics-on-replica", Cancellation)).GetProperty("code").GetString()!;

        using var request = user.Request(HttpMethod.Get, $"/api/links/{code}/stats");
        request.Options.Set(ConsistencyTokenMemory.WithoutToken, true); // may be a moment stale: the replica
        using var stats = await Eventually.HoldsAsync(() => api.SendAsync(Clone(request), Cancellation), r => r.StatusCode == HttpStatusCode.OK, Timeout, "the replica knowing the link");

        Assert.Equal("replica", stats.Headers.GetValues(ContractHeaders.ReadSource).Single());
    }

    [Fact]
    public async Task Every_change_answers_with_a_consistency_token_that_rises_with_each_change()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        using var created = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", new { url = "https://example.com/v1" }), Cancellation);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString()!;
        using var edited = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/v2" }), Cancellation);
        using var deleted = await api.SendAsync(user.Request(HttpMethod.Delete, $"/api/links/{code}"), Cancellation);

        var tokens = new[] { created, edited, deleted }.Select(r => ConsistencyToken.TryParse(r.Headers.GetValues(ContractHeaders.ConsistencyToken).Single(), out var t) ? t : default).ToList();
        Assert.All(tokens, token => Assert.NotEqual(default, token));
        Assert.True(tokens[0].CompareTo(tokens[1]) < 0 && tokens[1].CompareTo(tokens[2]) < 0, $"tokens rise with each change: {string.Join(", ", tokens)}");
        // That a read with a token sees the change needs a lagging replica: ReplicaLagTests, with replay paused.
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("1/2/3")]
    [InlineData("G/0")]
    [InlineData("123456789/0")]
    [InlineData("")]
    public async Task A_malformed_consistency_token_is_refused_with_a_problem_naming_the_header(string token)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        foreach (var path in new[] { "/api/links", "/api/links/abcdefg", "/api/links/abcdefg/stats", $"/api/imports/{Guid.NewGuid()}" })
        {
            using var request = user.Request(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation(ContractHeaders.ConsistencyToken, token);
            using var response = await api.SendAsync(request, Cancellation);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.True(problem.GetProperty("errors").TryGetProperty(ContractHeaders.ConsistencyToken, out _), $"{path}: {problem}");
        }
    }

    [Fact]
    public async Task A_token_ahead_of_every_write_is_lowered_to_the_primarys_position_not_waited_for()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var forged = $"{Random.Shared.Next(0x10000000, int.MaxValue):X}/{Random.Shared.Next():X}";

        using var request = user.Request(HttpMethod.Get, "/api/links");
        request.Headers.Add(ContractHeaders.ConsistencyToken, forged);
        using var response = await api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Waited for, it would hold a replica connection for the whole budget and then read the primary (primary-lag).
        await Eventually.HoldsAsync(
            () => Task.FromResult(shared.Stack.LogLines("api").Count(line => line.Contains($"A consistency token ahead of the primary ({forged} >", StringComparison.Ordinal))),
            lowered => lowered == 1, TimeSpan.FromSeconds(10), "the api logging that it lowered the forged token");
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        clone.Headers.Authorization = request.Headers.Authorization;
        clone.Options.Set(ConsistencyTokenMemory.WithoutToken, true);
        return clone;
    }
}
