using System.Net;
using System.Text;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using StackExchange.Redis;

namespace AppHost.Tests.Telemetry;

// What a developer sees in the dashboard itself, in Chromium: every metric the services define, with
// its description and unit, one redirect's trace, the trace of the batch that carried its click, and one
// import's trace (the screenshots in docs/observability.md).
[Collection(DashboardTelemetryCollection.Name)]
public sealed class DashboardViewTests(TelemetryStack telemetry)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly (string Service, string Meter, string Instrument, string Description)[] Metrics =
    [
        ("api", "Api", "links.redirects", "Redirect requests by how they were resolved"),
        ("api", "Api", "links.redirect_cache.lookups", "Redirect cache lookups by result"),
        ("api", "Api", "links.redirect_cache.errors", "Redis calls of the redirect cache that failed"),
        ("api", "Api", "links.rate_limiter.unavailable", "Rate limit checks counted in this process because Redis"),
        ("api", "Api", "links.clicks.published", "Click events sent to RabbitMQ"),
        ("api", "Api", "links.clicks.confirmed", "Click events the broker confirmed"),
        ("api", "Api", "links.clicks.retried", "Click events sent again"),
        ("api", "Api", "links.clicks.dropped", "Click events lost"),
        ("api", "Api", "links.clicks.buffered", "Click events waiting in this replica's buffer"),
        ("api", "Api", "links.db.reads", "Database reads by the server that answered"),
        ("api", "Api", "links.db.consistency_token.wait", "Time a read with a consistency token waited"),
        ("api", "Api", "links.replication.lag.bytes", "How many bytes of WAL the replica has not replayed"),
        ("api", "Api", "links.replication.lag.seconds", "Age of the newest transaction the replica has replayed"),
        ("worker", "Worker", "links.clicks.consumed", "Click messages taken from the queue"),
        ("worker", "Worker", "links.clicks.batch_size", "Click events written per transaction"),
        ("worker", "Worker", "links.clicks.batch_duration", "Time to write one batch of clicks"),
        ("worker", "Worker", "links.clicks.duplicates", "Click events already stored"),
        ("worker", "Worker", "links.clicks.dead_lettered", "Messages sent to the dead-letter queue"),
        ("worker", "Worker", "links.queue.messages", "Messages ready in each queue"),
        ("worker", "Worker", "links.queue.consumers", "Consumers attached to each queue"),
    ];

    [Fact]
    public async Task Every_metric_the_services_define_is_in_the_dashboards_metrics_view_with_its_description()
    {
        await DriveTrafficAsync();
        using var dashboard = new DashboardTelemetry(telemetry.Dashboard);
        var resources = await dashboard.ResourcesAsync(Cancellation);
        await using var browser = await BrowserSession.StartAsync(telemetry.Dashboard, "dashboard-metrics");

        var missing = new List<string>();
        foreach (var (service, meter, instrument, description) in Metrics)
        {
            if (await ShownByAsync(browser.Page, resources.Where(r => r.StartsWith(service + "-", StringComparison.Ordinal)), meter, instrument, description) is null)
            {
                missing.Add($"{service} {meter}/{instrument}");
            }
        }
        Assert.True(missing.Count == 0, "not in the metrics view: " + string.Join(", ", missing));
        await browser.Page.GotoAsync($"/metrics/resource/{Uri.EscapeDataString(resources.First(r => r.StartsWith("api-", StringComparison.Ordinal)))}?meter=Api&instrument=links.redirects");
        await browser.Page.GetByText("Redirect requests by how they were resolved").First.WaitForAsync();
        await browser.ScreenshotAsync("dashboard-metric-redirects");
    }

    // The instance of the service whose metrics view shows the instrument, waiting for the next export
    // (every second) as long as needed up to the timeout; null when none does.
    private static async Task<string?> ShownByAsync(IPage page, IEnumerable<string> instances, string meter, string instrument, string description)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var instance in instances)
            {
                await page.GotoAsync($"/metrics/resource/{Uri.EscapeDataString(instance)}?meter={meter}&instrument={Uri.EscapeDataString(instrument)}");
                try
                {
                    await page.GetByText(description).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 3_000 });
                    return instance;
                }
                catch (TimeoutException)
                {
                }
            }
        }
        return null;
    }

    [Fact]
    public async Task A_redirects_trace_its_click_batchs_trace_and_an_imports_trace_read_in_the_dashboard_from_request_to_the_workers_write()
    {
        var stack = telemetry.Stack;
        using var api = ApiEndpoints.ThroughProxy(stack);
        using var dashboard = new DashboardTelemetry(telemetry.Dashboard);
        var user = await TestUser.SignUpAsync(stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/in-the-dashboard", Cancellation)).GetProperty("code").GetString()!;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(stack.ConnectionString("cache")))
        {
            await redis.GetDatabase().KeyDeleteAsync("redirect:" + code);
        }

        var redirectTrace = TraceContext.New();
        using (var redirect = await api.SendAsync(redirectTrace.Attach(new HttpRequestMessage(HttpMethod.Get, "/" + code)), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        }
        var importTrace = TraceContext.New();
        using (var upload = importTrace.Attach(user.Request(HttpMethod.Post, "/api/imports")))
        {
            upload.Content = new StringContent("url,code\nhttps://example.com/a,\nhttps://example.com/b,\nhttps://example.com/c,\n", Encoding.UTF8, "text/csv");
            using var accepted = await api.SendAsync(upload, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        await Eventually.HoldsAsync(() => dashboard.TraceAsync(redirectTrace.TraceId, Cancellation),
            spans => spans.Any(s => s.Scope.Contains("StackExchangeRedis")) && UserActionTraceTests.HasApiRequest(spans), Timeout, "the redirect's trace complete");
        // Its click went in a batch message, whose trace the Worker's write span belongs to and which links to the redirect.
        var write = await Eventually.HoldsAsync(
            async () => (await dashboard.SpansAsync(5000, Cancellation)).FirstOrDefault(s => s.Service == "worker" && s.Name == "clicks write" && s.Links.Any(l => l.TraceId == redirectTrace.TraceId)),
            span => span is not null, Timeout, "the Worker's write linked to the redirect");
        await Eventually.HoldsAsync(() => dashboard.TraceAsync(write!.TraceId, Cancellation),
            spans => spans.Any(s => s.Service == "worker" && s.Attribute("db.query.text")?.Contains("INSERT INTO clicks") == true)
                && spans.Any(s => s.Service == "api" && s.Name == "clicks publish") && TraceTree.IsWhole(spans), Timeout, "the click batch's trace complete");
        await Eventually.HoldsAsync(() => dashboard.TraceAsync(importTrace.TraceId, Cancellation),
            spans => spans.Any(s => s.Service == "worker" && s.Attribute("db.query.text")?.Contains("UPDATE imports SET status") == true)
                && UserActionTraceTests.HasApiRequest(spans), Timeout, "the import's trace complete");

        await using var browser = await BrowserSession.StartAsync(telemetry.Dashboard, "dashboard-traces");
        // The waterfall names each span with its peer resource: "DATA redis MGET cache", "MSG rabbitmq clicks".
        await ShowTraceAsync(browser, redirectTrace.TraceId, ["GET /{code}", "DATA redis MGET"], "dashboard-redirect-trace");
        await ShowTraceAsync(browser, write!.TraceId, ["clicks publish", "MSG rabbitmq clicks", "clicks write"], "dashboard-click-batch-trace");
        await ShowTraceAsync(browser, importTrace.TraceId, ["POST /api/imports/", "MSG rabbitmq imports", "import chunk"], "dashboard-import-trace");
    }

    private static async Task ShowTraceAsync(BrowserSession browser, string traceId, string[] spanNames, string screenshot)
    {
        await browser.Page.GotoAsync($"/traces/detail/{traceId}");
        foreach (var name in spanNames)
        {
            await Assertions.Expect(browser.Page.GetByText(name).First).ToBeVisibleAsync();
        }
        await browser.ScreenshotAsync(screenshot);
    }

    // Redirects (hit, miss, not found) and token reads on every api replica, an import, and clicks for the Workers.
    private async Task DriveTrafficAsync()
    {
        var stack = telemetry.Stack;
        var user = await TestUser.SignUpAsync(stack, Cancellation);
        using var proxy = ApiEndpoints.ThroughProxy(stack);
        var code = (await user.CreateLinkAsync(proxy, "https://example.com/metrics", Cancellation)).GetProperty("code").GetString()!;
        foreach (var (_, replica) in ApiEndpoints.EachReplica(stack))
        {
            using (replica)
            {
                for (var i = 0; i < 3; i++)
                {
                    using var hit = await replica.GetAsync("/" + code, Cancellation);
                    using var unknown = await replica.GetAsync("/no-such-link-metrics", Cancellation);
                }
                using var read = await replica.SendAsync(user.Request(HttpMethod.Get, $"/api/links/{code}"), Cancellation);
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            }
        }
    }
}
