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

    // The visitor hash covers client address and user agent: two addresses with one user agent are two visitors,
    // one address with two user agents too, and repeats from one address and user agent are one.
    [Fact]
    public async Task Unique_visitors_count_each_address_and_user_agent_once_and_excludeBots_leaves_bot_clicks_and_visitors_out()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await owner.CreateLinkAsync(api, "https://example.com/visitors", Cancellation)).GetProperty("code").GetString()!;
        var (first, second) = (SourceAddress.Random(), SourceAddress.Random());
        foreach (var (address, userAgent, times) in new[]
        {
            (first, "Mozilla/5.0 Firefox/130", 3), (second, "Mozilla/5.0 Firefox/130", 2), (first, "Mozilla/5.0 Safari/17", 1), (first, "Googlebot/2.1", 3),
        })
        {
            var replicas = ApiEndpoints.Running(shared.Stack, address);
            try
            {
                for (var i = 0; i < times; i++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/" + code);
                    request.Headers.UserAgent.ParseAdd(userAgent);
                    using var response = await replicas[i % replicas.Count].Client.SendAsync(request, Cancellation);
                    Assert.Equal(HttpStatusCode.Found, response.StatusCode);
                }
            }
            finally
            {
                foreach (var (_, client) in replicas)
                {
                    client.Dispose();
                }
            }
        }
        await Eventually.HoldsAsync(() => ClickStore.TotalAsync(shared.Stack, code), total => total == 9, PipelineTimeout, "9 clicks in the rollups");

        // The replica may show the rollups a moment later than the primary.
        var all = await Eventually.HoldsAsync(() => StatsAsync(api, owner, $"/api/links/{code}/stats"), stats => stats.GetProperty("total").GetInt64() == 9, PipelineTimeout, "9 clicks in the stats");
        Assert.Equal(4, all.GetProperty("uniqueVisitors").GetInt64());
        AssertHourlyVisitors(all, expected: 4);
        var daily = await StatsAsync(api, owner, $"/api/links/{code}/stats?interval=day");
        Assert.Equal(4, daily.GetProperty("series").EnumerateArray().Last().GetProperty("uniqueVisitors").GetInt64());

        var withoutBots = await StatsAsync(api, owner, $"/api/links/{code}/stats?excludeBots=true");
        Assert.Equal(6, withoutBots.GetProperty("total").GetInt64());
        Assert.Equal(6, withoutBots.GetProperty("series").EnumerateArray().Sum(b => b.GetProperty("clicks").GetInt64()));
        Assert.Equal(3, withoutBots.GetProperty("uniqueVisitors").GetInt64());
        AssertHourlyVisitors(withoutBots, expected: 3);
        Assert.Equal(3, withoutBots.GetProperty("agents").GetProperty("bot").GetInt64()); // agents still count every click

        using var refused = await api.SendAsync(owner.Request(HttpMethod.Get, $"/api/links/{code}/stats?excludeBots=maybe"), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(["excludeBots is true or false."], problem.GetProperty("errors").GetProperty("excludeBots").EnumerateArray().Select(m => m.GetString()));
    }

    // A batch redelivered with new clicks in it: the new clicks of known visitors add clicks but no visitors, and
    // the clicks already stored add nothing (all of a batch is written in one transaction, so once its new clicks
    // are stored its redelivered ones have been seen too).
    [Fact]
    public async Task A_redelivered_batch_counts_no_visitor_twice_and_a_known_visitors_new_click_adds_no_visitor()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await owner.CreateLinkAsync(api, "https://example.com/redelivered-visitors", Cancellation)).GetProperty("code").GetString()!;
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var (browser, bot, newcomer) = (Hash(), Hash(), Hash());
        string[] firstBatch =
        [
            ClickStore.BatchEntry(ClickStore.Event(Guid.NewGuid(), code, browser, hour, "browser")),
            ClickStore.BatchEntry(ClickStore.Event(Guid.NewGuid(), code, browser, hour.AddMinutes(1), "browser")),
            ClickStore.BatchEntry(ClickStore.Event(Guid.NewGuid(), code, bot, hour, "bot")),
        ];
        await ClickStore.PublishBatchAsync(shared.Stack, firstBatch);
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count == 3, PipelineTimeout, "the first batch stored");

        await ClickStore.PublishBatchAsync(shared.Stack,
        [
            .. firstBatch,
            ClickStore.BatchEntry(ClickStore.Event(Guid.NewGuid(), code, browser, hour.AddMinutes(2), "browser")),
            ClickStore.BatchEntry(ClickStore.Event(Guid.NewGuid(), code, newcomer, hour.AddMinutes(2), "browser")),
        ]);
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count == 5, PipelineTimeout, "the redelivered batch's new clicks stored");

        var range = $"from={Uri.EscapeDataString(hour.ToString("O"))}&to={Uri.EscapeDataString(hour.AddHours(1).ToString("O"))}";
        var stats = await Eventually.HoldsAsync(() => StatsAsync(api, owner, $"/api/links/{code}/stats?{range}"), s => s.GetProperty("total").GetInt64() == 5, PipelineTimeout, "5 clicks in the stats");
        var point = Assert.Single(stats.GetProperty("series").EnumerateArray());
        Assert.Equal((5, 3), (point.GetProperty("clicks").GetInt64(), point.GetProperty("uniqueVisitors").GetInt64()));
        Assert.Equal(3, stats.GetProperty("uniqueVisitors").GetInt64());
        var withoutBots = await StatsAsync(api, owner, $"/api/links/{code}/stats?{range}&excludeBots=true");
        Assert.Equal((4L, 2L), (withoutBots.GetProperty("total").GetInt64(), withoutBots.GetProperty("uniqueVisitors").GetInt64()));
        Assert.Equal(3, await ClickStore.ScalarAsync(shared.Stack, "SELECT visitors FROM link_visitor_day_counts WHERE code = @code", ("code", code)));
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

    private async Task<JsonElement> StatsAsync(HttpClient api, TestUser owner, string path)
    {
        using var response = await api.SendAsync(owner.Request(HttpMethod.Get, path), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    // The clicks of a test land in one hour unless they straddle the turn of an hour; then each hour counts its own.
    private static void AssertHourlyVisitors(JsonElement stats, long expected)
    {
        var hours = stats.GetProperty("series").EnumerateArray().Where(b => b.GetProperty("clicks").GetInt64() > 0).ToList();
        if (hours.Count == 1)
        {
            Assert.Equal(expected, hours[0].GetProperty("uniqueVisitors").GetInt64());
        }
        else
        {
            Assert.InRange(hours.Sum(b => b.GetProperty("uniqueVisitors").GetInt64()), expected, 2 * expected);
        }
    }

    private static string Hash() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
