using System.Net;
using ApiContract;
using Microsoft.AspNetCore.Components;
using Web.ApiClient;
using Web.SystemPage;
using Web.Tests.Infrastructure;

namespace Web.Tests.SystemPage;

public sealed class LiveSystemPanelTests : WebTestContext
{
    private const string TrafficPath = "/api/system/traffic";

    [Fact]
    public void The_panel_shows_loading_until_the_first_sample_arrives()
    {
        SignOut();
        var answer = Api.Pending(HttpMethod.Get, TrafficPath);

        var panel = RenderPanel();

        panel.WaitForAssertion(() => Assert.Equal("Loading the system's figures…", panel.Find("p.loading[role=status]").TextContent), Patience);
        Assert.Empty(panel.FindAll("[data-testid=replicas]"));

        answer.SetResult(Traffic(("api-1", 10, 2, 1), ("api-2", 4, 0, 0)));

        panel.WaitForAssertion(() => Assert.Equal("2 replicas", panel.Find("[data-testid=replica-count]").TextContent), Patience);
        Assert.Empty(panel.FindAll("p.loading"));
    }

    [Fact]
    public void The_panel_lists_every_api_replica_with_its_redirects_and_counts_them()
    {
        SignOut();
        Api.On(HttpMethod.Get, TrafficPath, () => Traffic(("api-a1b2", 10, 5, 1), ("api-c3d4", 20, 0, 0), ("api-e5f6", 0, 0, 0)));

        var panel = RenderPanel();

        panel.WaitForAssertion(() => Assert.Equal("3 replicas", panel.Find("[data-testid=replica-count]").TextContent), Patience);
        var replicas = panel.FindAll("[data-testid=replicas] li").Select(li => li.TextContent).ToList();
        Assert.Equal(["api-a1b2: 16 redirects", "api-c3d4: 20 redirects", "api-e5f6: 0 redirects"], replicas);
        Assert.Equal("api-a1b2", panel.Find("[data-testid=served-by]").TextContent);
        Assert.Equal("streaming", panel.Find("[data-testid=replication-state]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=incomplete]"));
    }

    [Fact]
    public void The_panel_says_when_its_figures_are_of_one_replica_only()
    {
        SignOut();
        Api.On(HttpMethod.Get, TrafficPath, () => Traffic(complete: false, ("api-a1b2", 10, 5, 1)));

        var panel = RenderPanel();

        panel.WaitForAssertion(() => Assert.Equal("Redis could not be read: these are the figures of one replica only.", panel.Find("[data-testid=incomplete]").TextContent), Patience);
    }

    [Fact]
    public void The_panel_shows_the_apis_problem_when_the_first_sample_fails()
    {
        SignOut();
        Api.On(HttpMethod.Get, TrafficPath, () => StubApi.Problem(HttpStatusCode.ServiceUnavailable, "Service Unavailable", "Redis is not answering."));

        var panel = RenderPanel();

        panel.WaitForAssertion(() => Assert.Equal("Service Unavailable. Redis is not answering.", panel.Find("p.action-error[role=alert]").TextContent.Trim()), Patience);
        Assert.Empty(panel.FindAll("p.loading"));
        Assert.Empty(panel.FindAll("[data-testid=replicas]"));
    }

    [Fact]
    public void The_panel_says_the_service_is_not_answering_when_the_api_cannot_be_reached()
    {
        SignOut();
        Api.Unreachable(HttpMethod.Get, TrafficPath);

        var panel = RenderPanel();

        panel.WaitForAssertion(() => Assert.Equal(ApiProblem.Unreachable.Title, panel.Find("p.action-error[role=alert]").TextContent.Trim()), Patience);
    }

    [Fact]
    public void The_burst_button_is_disabled_while_the_panel_is_only_prerendered()
    {
        SignOut();
        Api.On(HttpMethod.Get, TrafficPath, () => Traffic(("api-1", 0, 0, 0)));

        var panel = RenderPanel();

        panel.WaitForElement("[data-testid=replica-count]", Patience);
        Assert.True(panel.Find("#burst-heading ~ button").HasAttribute("disabled"));
    }

    [Fact]
    public void The_burst_button_is_enabled_once_the_panel_is_interactive()
    {
        SignOut();
        Api.On(HttpMethod.Get, TrafficPath, () => Traffic(("api-1", 0, 0, 0)));

        var panel = RenderPanel(interactive: true);

        panel.WaitForElement("[data-testid=replica-count]", Patience);
        Assert.False(panel.Find("#burst-heading ~ button").HasAttribute("disabled"));
        Assert.Equal("Send 100 redirects", panel.Find("#burst-heading ~ button").TextContent);
    }

    [Fact]
    public void A_burst_while_signed_out_asks_for_codes_that_do_not_exist_and_reports_what_came_back()
    {
        SignOut();
        Api.On(HttpMethod.Get, TrafficPath, () => Traffic(("api-1", 0, 0, 0)));
        Api.OnPathStartingWith(HttpMethod.Get, "/no-such-link-", () => ServedBy("api-2", new HttpResponseMessage(HttpStatusCode.NotFound)));
        var panel = RenderPanel(interactive: true);
        panel.WaitForElement("[data-testid=replica-count]", Patience);
        Assert.Contains("Signed out, they ask for codes that do not exist", panel.Find("#burst-heading + p").TextContent);

        panel.Find("#burst-heading ~ button").Click();

        panel.WaitForAssertion(() => Assert.Equal("Sent 100: 0 redirected, 100 not found, 0 failed.", panel.Find("[data-testid=burst-result]").TextContent), Patience);
        Assert.Equal(100, Api.Requests.Count(r => r.PathAndQuery.StartsWith("/no-such-link-", StringComparison.Ordinal)));
        Assert.Contains("api-2", panel.Find("[data-testid=served-by]").TextContent.Split(' '));
    }

    [Fact]
    public void A_burst_while_signed_in_goes_to_the_users_own_links()
    {
        SignIn();
        Api.On(HttpMethod.Get, TrafficPath, () => Traffic(("api-1", 0, 0, 0)));
        Api.On(HttpMethod.Get, "/api/links", () => StubApi.Json("""
            { "items": [ { "code": "docs", "shortUrl": "https://sho.rt/docs", "url": "https://example.com/docs",
                           "createdAt": "2025-03-01T09:00:00Z", "updatedAt": "2025-03-01T09:00:00Z", "clicks": 0 } ],
              "nextCursor": null }
            """));
        Api.On(HttpMethod.Get, "/docs", () => ServedBy("api-1", new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://example.com/docs") } }));
        var panel = RenderPanel(interactive: true);
        panel.WaitForElement("[data-testid=replica-count]", Patience);
        Assert.Contains("They go to your own links.", panel.Find("#burst-heading + p").TextContent);

        panel.Find("#burst-heading ~ button").Click();

        panel.WaitForAssertion(() => Assert.Equal("Sent 100: 100 redirected, 0 not found, 0 failed.", panel.Find("[data-testid=burst-result]").TextContent), Patience);
        Assert.Equal(100, Api.Requests.Count(r => r.PathAndQuery == "/docs"));
    }

    // Its first paint is the static prerender; once the circuit is up the same component renders interactively.
    private IRenderedComponent<LiveSystemPanel> RenderPanel(bool interactive = false)
    {
        SetRendererInfo(interactive ? new RendererInfo("Server", isInteractive: true) : new RendererInfo("Static", isInteractive: false));
        return Render<LiveSystemPanel>();
    }

    private static HttpResponseMessage ServedBy(string replica, HttpResponseMessage response)
    {
        response.Headers.Add(ContractHeaders.ServedBy, replica);
        return response;
    }

    private static HttpResponseMessage Traffic(params (string Id, long Hit, long Miss, long NotFound)[] replicas) => Traffic(complete: true, replicas);

    private static HttpResponseMessage Traffic(bool complete, params (string Id, long Hit, long Miss, long NotFound)[] replicas)
    {
        var at = new DateTimeOffset(2025, 3, 10, 14, 25, 0, TimeSpan.Zero);
        var reports = replicas.Select(r => new ApiReplicaTraffic(r.Id, at, new RedirectCounts(r.Hit, r.Miss, r.NotFound), new ReadCounts(1, 0, 0, 1))).ToList();
        return StubApi.Json(new SystemTraffic(
            replicas[0].Id, at, reports,
            new RedirectCounts(replicas.Sum(r => r.Hit), replicas.Sum(r => r.Miss), replicas.Sum(r => r.NotFound)),
            new ReadCounts(reports.Count, 0, 0, reports.Count),
            complete, new QueueFigures(0, 2), 100, new ReplicationStatus("streaming", 128, 0.02, at)));
    }
}
