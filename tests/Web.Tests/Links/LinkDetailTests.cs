using System.Net;
using ApiContract;
using Microsoft.Extensions.DependencyInjection;
using Web.ApiClient;
using Web.Links;
using Web.Tests.Infrastructure;

namespace Web.Tests.Links;

public sealed class LinkDetailTests : WebTestContext
{
    private const string Docs = """
        { "code": "docs", "shortUrl": "https://sho.rt/docs", "url": "https://example.com/a/very/long/path/to/the/docs",
          "createdAt": "2025-03-01T09:00:00Z", "updatedAt": "2025-03-01T09:00:00Z", "clicks": 42 }
        """;

    // The fixed clock says 2025-03-10 14:25 UTC: the last 24 hours are the hours from 15:00 the day before.
    private static readonly DateTime FirstHour = new(2025, 3, 9, 15, 0, 0, DateTimeKind.Utc);

    public LinkDetailTests() => SignIn();

    [Fact]
    public void Link_detail_shows_loading_until_the_api_answers()
    {
        var answer = Api.Pending(HttpMethod.Get, "/api/links/docs");
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(3)));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("Loading the link…", page.Find("p.loading[role=status]").TextContent), Patience);

        answer.SetResult(StubApi.Json(Docs));

        page.WaitForAssertion(() => Assert.Equal("https://example.com/a/very/long/path/to/the/docs", page.Find("[data-testid=target]").TextContent), Patience);
        Assert.Empty(page.FindAll("p.loading"));
    }

    [Fact]
    public void Link_detail_shows_the_target_a_qr_code_of_the_short_url_and_a_bar_per_hour_of_the_last_day()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24, hour => hour % 6)));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal(24, page.FindAll("svg.chart rect.bar").Count), Patience);
        Assert.Equal("https://example.com/a/very/long/path/to/the/docs", page.Find("[data-testid=target]").TextContent);
        Assert.Equal("https://sho.rt/docs", page.Find("section[aria-label='Short link'] button[data-copy]").GetAttribute("data-copy"));
        var qr = page.Find("figure.qr img");
        Assert.Equal("QR code for https://sho.rt/docs", qr.GetAttribute("alt"));
        Assert.StartsWith("data:image/png;base64,", qr.GetAttribute("src"));
        var png = Convert.FromBase64String(qr.GetAttribute("src")!["data:image/png;base64,".Length..]);
        Assert.Equal<byte>([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(Enumerable.Range(0, 24).Sum(hour => hour % 6).ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=window-total]").TextContent);
        Assert.Equal("page", page.Find("nav[aria-label=Period] a[href='/links/docs?period=24h']").GetAttribute("aria-current"));
    }

    [Fact]
    public void Link_detail_asks_for_the_last_day_by_hour_ending_at_the_next_full_hour()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24)));

        var page = RenderLink("docs");

        page.WaitForElement("p.empty", Patience);
        var stats = Assert.Single(Api.Requests, r => r.PathAndQuery.StartsWith("/api/links/docs/stats", StringComparison.Ordinal));
        Assert.Equal("/api/links/docs/stats?interval=hour&from=2025-03-09T15%3A00%3A00.0000000Z&to=2025-03-10T15%3A00%3A00.0000000Z", stats.PathAndQuery);
        Assert.Equal($"Bearer {AccessToken}", stats.Authorization);
    }

    [Fact]
    public void Link_detail_asks_for_the_period_named_in_the_address_and_marks_it_current()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(
            [.. Enumerable.Range(0, 30).Select(day => new ClickBucket(new DateTime(2025, 2, 9, 0, 0, 0, DateTimeKind.Utc).AddDays(day), day == 29 ? 7 : 0))]));
        Visit("/links/docs?period=30d");

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal(30, page.FindAll("svg.chart rect.bar").Count), Patience);
        var stats = Assert.Single(Api.Requests, r => r.PathAndQuery.StartsWith("/api/links/docs/stats", StringComparison.Ordinal));
        Assert.Equal("/api/links/docs/stats?interval=day&from=2025-02-09T00%3A00%3A00.0000000Z&to=2025-03-11T00%3A00%3A00.0000000Z", stats.PathAndQuery);
        Assert.Equal("page", page.Find("nav[aria-label=Period] a[href='/links/docs?period=30d']").GetAttribute("aria-current"));
        Assert.Null(page.Find("nav[aria-label=Period] a[href='/links/docs?period=24h']").GetAttribute("aria-current"));
        Assert.Equal("7 clicks in the last 30 days (UTC).", page.Find("[data-testid=window-total]").ParentElement!.TextContent);
    }

    [Fact]
    public void Link_detail_says_no_clicks_in_this_period_yet_when_every_bucket_is_empty()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24)));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("No clicks in this period yet.", page.Find("p.empty").TextContent), Patience);
        Assert.Empty(page.FindAll("svg.chart"));
        Assert.Equal("0", page.Find("[data-testid=window-total]").TextContent);
        Assert.Equal(["None yet.", "None yet."], page.FindAll(".figures .figure > p").Select(p => p.TextContent));
    }

    [Fact]
    public void Link_detail_lists_the_top_referrers_and_the_share_of_browsers_and_bots()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24, hour => hour == 23 ? 4 : 0),
            referrers: [new ReferrerClicks("news.example", 3), new ReferrerClicks("", 1)], agents: new AgentClicks(3, 1, 0)));

        var page = RenderLink("docs");

        page.WaitForElement("svg.chart", Patience);
        var referrers = page.FindAll(".figures table tbody tr").Select(row => row.TextContent).ToList();
        Assert.Equal(["news.example3", "(no referrer)1"], referrers);
        Assert.Equal("75% browsers, 25% bots", page.Find(".share[role=img]").GetAttribute("aria-label"));
        Assert.Equal("Browsers 3 · bots 1 · unknown 0", page.Find(".share + p").TextContent);
    }

    [Fact]
    public void Link_detail_says_you_have_no_link_with_the_code_when_the_api_answers_not_found()
    {
        Api.On(HttpMethod.Get, "/api/links/nope", () => StubApi.Problem(HttpStatusCode.NotFound, "Short link not found"));

        var page = RenderLink("nope");

        page.WaitForAssertion(() => Assert.Equal("You have no link with the code \"nope\". Back to your links.", page.Find("p.action-error[role=alert]").TextContent), Patience);
        Assert.Equal("/links", page.Find("p.action-error a").GetAttribute("href"));
        Assert.DoesNotContain(Api.Requests, r => r.PathAndQuery.Contains("/stats", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("figure.qr"));
    }

    [Fact]
    public void Link_detail_says_the_service_is_not_answering_when_the_api_cannot_be_reached()
    {
        Api.Unreachable(HttpMethod.Get, "/api/links/docs");

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal(ApiProblem.Unreachable.Title, page.Find("p.action-error[role=alert]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("figure.qr"));
    }

    [Fact]
    public void Link_detail_still_shows_the_link_when_its_clicks_cannot_be_read()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => StubApi.Problem(HttpStatusCode.ServiceUnavailable, "Service Unavailable", "The database is not answering."));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("Service Unavailable. The database is not answering.",
            page.Find("section[aria-labelledby=clicks-heading] p.action-error").TextContent.Trim()), Patience);
        Assert.Equal("https://example.com/a/very/long/path/to/the/docs", page.Find("[data-testid=target]").TextContent);
        Assert.Empty(page.FindAll("svg.chart"));
    }

    [Fact]
    public void Changing_the_target_to_a_url_the_api_refuses_shows_its_message_beside_the_field()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24)));
        Api.On(HttpMethod.Patch, "/api/links/docs", () => StubApi.Problem(HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["url"] = ["Enter a URL."] }));
        var page = RenderLink("docs");
        page.WaitForElement("#edit form", Patience);
        Assert.Equal("https://example.com/a/very/long/path/to/the/docs", page.Find("#edit #url").GetAttribute("value"));

        page.Find("#edit #url").Change("");
        page.Find("#edit form").Submit();

        page.WaitForAssertion(() => Assert.Equal("Enter a URL.", page.Find("#edit #url-error").TextContent), Patience);
        Assert.Equal("Check the fields marked above.", page.Find("#edit p.action-error").TextContent.Trim());
        Assert.Equal("""{"url":"","title":null,"tags":[],"validSince":null,"validUntil":null,"maxVisits":null,"forwardQuery":true}""", Assert.Single(Api.Requests, r => r.Method == HttpMethod.Patch).Body);
        Assert.Empty(page.FindAll("p.notice"));
    }

    [Fact]
    public void Saving_a_new_target_says_so_and_shows_the_link_as_read_again()
    {
        var target = "https://example.com/a/very/long/path/to/the/docs";
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs.Replace("https://example.com/a/very/long/path/to/the/docs", target)));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24)));
        Api.On(HttpMethod.Patch, "/api/links/docs", () =>
        {
            target = "https://example.com/new-docs";
            var saved = StubApi.Json(Docs.Replace("https://example.com/a/very/long/path/to/the/docs", target));
            saved.Headers.Add(ContractHeaders.ConsistencyToken, "0/3A1F2C8");
            return saved;
        });
        var page = RenderLink("docs");
        page.WaitForElement("#edit form", Patience);

        page.Find("#edit #url").Change("https://example.com/new-docs");
        page.Find("#edit form").Submit();

        page.WaitForAssertion(() => Assert.Equal("Saved. The short link goes to the new target from now on.", page.Find("p.notice[role=status]").TextContent), Patience);
        Assert.Equal("https://example.com/new-docs", page.Find("[data-testid=target]").TextContent);
        Assert.Equal(2, Api.Requests.Count(r => r.Method == HttpMethod.Get && r.PathAndQuery == "/api/links/docs"));
    }

    [Fact]
    public void Link_detail_offers_deleting_on_a_confirmation_page_and_the_qr_code_as_png_and_svg_downloads()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24)));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("/links/docs/delete", page.Find("section[aria-labelledby=delete-heading] a").GetAttribute("href")), Patience);
        Assert.Empty(page.FindAll("section[aria-labelledby=delete-heading] form"));
        Assert.Equal(["/links/docs/qr.png", "/links/docs/qr.svg"], page.FindAll("figure.qr a[download]").Select(a => a.GetAttribute("href")));
        Assert.DoesNotContain(Api.Requests, r => r.Method == HttpMethod.Delete);
    }

    [Fact]
    public void Link_detail_shows_the_apis_public_qr_url_of_the_short_url_with_a_copy_button()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24)));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("https://sho.rt/docs/qr", page.Find("figure.qr [data-testid=public-qr-url]").TextContent), Patience);
        Assert.Equal("https://sho.rt/docs/qr", page.Find("figure.qr [data-testid=public-qr-url]").GetAttribute("href"));
        Assert.Equal("https://sho.rt/docs/qr", page.Find("figure.qr button[data-copy]").GetAttribute("data-copy"));
    }

    [Fact]
    public void Link_detail_says_when_the_link_was_created_in_utc_without_the_readers_time_zone_and_that_clicks_take_seconds()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24)));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("2025-03-01 09:00 UTC", page.Find("time").TextContent), Patience);
        Assert.Equal("2025-03-01T09:00:00Z", page.Find("time").GetAttribute("datetime"));
        Assert.Equal("2025-03-01 09:00:00 UTC", page.Find("time").GetAttribute("title"));
        Assert.Contains("within a few seconds", page.Find("[data-testid=clicks-delay]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_detail_shows_the_periods_unique_visitors_beside_its_clicks()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24, hour => hour == 23 ? 9 : 0), uniqueVisitors: 4));

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("4 unique visitors.", page.Find("[data-testid=window-visitors]").ParentElement!.TextContent), Patience);
        Assert.Equal("9", page.Find("[data-testid=window-total]").TextContent);
        Assert.Contains("UTC day", page.Find("[data-testid=visitors-rule]").TextContent, StringComparison.Ordinal);
        Assert.Equal("page", page.Find("nav[aria-label=Bots] a[href='/links/docs?period=24h']").GetAttribute("aria-current"));
        Assert.Null(page.Find("nav[aria-label=Bots] [data-testid=exclude-bots]").GetAttribute("aria-current"));
    }

    [Fact]
    public void Excluding_bots_asks_the_api_without_them_marks_the_toggle_current_and_keeps_it_across_periods()
    {
        Api.On(HttpMethod.Get, "/api/links/docs", () => StubApi.Json(Docs));
        Api.On(HttpMethod.Get, "/api/links/docs/stats", () => Stats(HourlyClicks(24, hour => hour == 23 ? 6 : 0), uniqueVisitors: 3));
        Visit("/links/docs?period=7d&excludeBots=true");

        var page = RenderLink("docs");

        page.WaitForAssertion(() => Assert.Equal("3 unique visitors, bots left out.", page.Find("[data-testid=window-visitors]").ParentElement!.TextContent), Patience);
        var stats = Assert.Single(Api.Requests, r => r.PathAndQuery.StartsWith("/api/links/docs/stats", StringComparison.Ordinal));
        Assert.EndsWith("&excludeBots=true", stats.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("/links/docs?period=7d&excludeBots=true", page.Find("[data-testid=exclude-bots]").GetAttribute("href"));
        Assert.Equal("page", page.Find("[data-testid=exclude-bots]").GetAttribute("aria-current"));
        Assert.Equal("/links/docs?period=7d", page.Find("nav[aria-label=Bots] a:not([data-testid])").GetAttribute("href"));
        Assert.Equal("/links/docs?period=30d&excludeBots=true", page.Find("nav[aria-label=Period] a[href*='30d']").GetAttribute("href"));
    }

    private IRenderedComponent<LinkDetail> RenderLink(string code) => Render<LinkDetail>(parameters => parameters.Add(p => p.Code, code));

    private static List<ClickBucket> HourlyClicks(int hours, Func<int, long>? clicks = null) =>
        [.. Enumerable.Range(0, hours).Select(hour => new ClickBucket(FirstHour.AddHours(hour), clicks?.Invoke(hour) ?? 0))];

    private static HttpResponseMessage Stats(IReadOnlyList<ClickBucket> series, IReadOnlyList<ReferrerClicks>? referrers = null, AgentClicks? agents = null, long uniqueVisitors = 0) =>
        StubApi.Json(new LinkStats(series.Sum(b => b.Clicks), series, referrers ?? [], agents ?? new AgentClicks(0, 0, 0), uniqueVisitors));
}
