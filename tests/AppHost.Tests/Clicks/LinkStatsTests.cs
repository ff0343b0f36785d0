using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

public sealed class LinkStatsTests(SharedStack shared)
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_owner_sees_clicks_per_hour_top_referrers_and_browser_bot_share_and_no_one_else_sees_them()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var other = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await owner.CreateLinkAsync(api, "https://example.com/stats", Cancellation)).GetProperty("code").GetString()!;
        foreach (var (userAgent, referrer, times) in new[] { ("Mozilla/5.0 Firefox/130", "https://a.example/x", 4), ("Mozilla/5.0 Safari/17", "https://b.example/", 2), ("Googlebot/2.1", (string?)null, 3) })
        {
            for (var i = 0; i < times; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/" + code);
                request.Headers.UserAgent.ParseAdd(userAgent);
                if (referrer is not null)
                {
                    request.Headers.Referrer = new Uri(referrer);
                }
                using var response = await api.SendAsync(request, Cancellation);
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            }
        }
        await Eventually.HoldsAsync(() => ClickStore.TotalAsync(shared.Stack, code), total => total == 9, PipelineTimeout, "9 clicks in the rollups");

        using var response2 = await api.SendAsync(owner.Request(HttpMethod.Get, $"/api/links/{code}/stats"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response2.StatusCode);
        var stats = await response2.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(9, stats.GetProperty("total").GetInt64());
        var series = stats.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(24, series.Count);
        Assert.Equal(9, series.Sum(b => b.GetProperty("clicks").GetInt64()));
        Assert.Equal(["a.example:4", "b.example:2"], stats.GetProperty("referrers").EnumerateArray().Select(r => $"{r.GetProperty("host").GetString()}:{r.GetProperty("clicks").GetInt64()}"));
        Assert.Equal(6, stats.GetProperty("agents").GetProperty("browser").GetInt64());
        Assert.Equal(3, stats.GetProperty("agents").GetProperty("bot").GetInt64());

        using var daily = await api.SendAsync(owner.Request(HttpMethod.Get, $"/api/links/{code}/stats?interval=day"), Cancellation);
        Assert.Equal(30, (await daily.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("series").GetArrayLength());

        using var someoneElse = await api.SendAsync(other.Request(HttpMethod.Get, $"/api/links/{code}/stats"), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);
        using var badInterval = await api.SendAsync(owner.Request(HttpMethod.Get, $"/api/links/{code}/stats?interval=minute"), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, badInterval.StatusCode);
    }

    [Fact]
    public async Task A_recorded_click_shows_in_the_owners_list_in_the_link_and_in_an_edits_answer()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var created = await owner.CreateLinkAsync(api, "https://example.com/clicked", Cancellation);
        var code = created.GetProperty("code").GetString()!;
        Assert.Equal(0, created.GetProperty("clicks").GetInt64());

        using var redirect = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        await Eventually.HoldsAsync(() => ClickStore.TotalAsync(shared.Stack, code), total => total == 1, PipelineTimeout, "the click in the rollups");

        // The Worker's write carries no token of the owner's, so the replica may show it a moment later.
        await Eventually.HoldsAsync(() => ListedClicksAsync(api, owner, code), clicks => clicks == 1, PipelineTimeout, "the list showing 1 click");
        await Eventually.HoldsAsync(() => LinkClicksAsync(api, owner, code), clicks => clicks == 1, PipelineTimeout, "the link showing 1 click");
        using var edited = await api.SendAsync(owner.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/clicked-edited" }), Cancellation);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(1, (await edited.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("clicks").GetInt64());
    }

    private async Task<long?> ListedClicksAsync(HttpClient api, TestUser owner, string code)
    {
        using var response = await api.SendAsync(owner.Request(HttpMethod.Get, "/api/links"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items").EnumerateArray();
        return items.Where(item => item.GetProperty("code").GetString() == code).Select(item => (long?)item.GetProperty("clicks").GetInt64()).SingleOrDefault();
    }

    private async Task<long> LinkClicksAsync(HttpClient api, TestUser owner, string code)
    {
        using var response = await api.SendAsync(owner.Request(HttpMethod.Get, $"/api/links/{code}"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("clicks").GetInt64();
    }
}
