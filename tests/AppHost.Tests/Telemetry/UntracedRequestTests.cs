using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Telemetry;

// Probes, static files, the live panel's polling and the services' own background loops stay out of
// the dashboard's traces, so what is there is what users did.
[Collection(DashboardTelemetryCollection.Name)]
public sealed class UntracedRequestTests(TelemetryStack telemetry)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probes_static_files_polling_and_background_loops_leave_no_spans_while_a_users_request_does()
    {
        var stack = telemetry.Stack;
        using var dashboard = new DashboardTelemetry(telemetry.Dashboard);
        using var api = ApiEndpoints.ThroughProxy(stack);
        using var web = new HttpClient { BaseAddress = WebEndpoints.ThroughProxy(stack) };
        var since = DateTimeOffset.UtcNow;

        var untraced = new List<TraceContext>();
        foreach (var (client, path) in new[]
        {
            (api, "/health"), (api, "/alive"), (api, "/api/system/traffic"), (api, "/api/system/replication"),
            (web, "/health"), (web, "/app.css"), (web, "/app.js"), (web, "/_framework/blazor.web.js"),
        })
        {
            var trace = TraceContext.New();
            untraced.Add(trace);
            using var response = await client.SendAsync(trace.Attach(new HttpRequestMessage(HttpMethod.Get, path)), Cancellation);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        }

        // Long enough for every background loop (each ticks at least every 2 s) and the dashboard's
        // health checks (every 5 s) to have run several times.
        await Eventually.HoldsAsync(
            async () => (await api.GetFromJsonAsync<JsonElement>("/api/system/replication", Cancellation)).GetProperty("sampledAt").GetDateTimeOffset(),
            sampledAt => sampledAt > since.AddSeconds(6), Timeout, "the replication monitor sampling six seconds on");

        var marker = TraceContext.New();
        using (var notFound = await api.SendAsync(marker.Attach(new HttpRequestMessage(HttpMethod.Get, "/no-such-link-traced")), Cancellation))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, notFound.StatusCode);
        }
        await Eventually.HoldsAsync(() => dashboard.TraceAsync(marker.TraceId, Cancellation), spans => spans.Count > 0, Timeout, "the user's request in the dashboard");

        foreach (var trace in untraced)
        {
            Assert.Empty(await dashboard.TraceAsync(trace.TraceId, Cancellation));
        }
        var recent = (await dashboard.SpansAsync(5000, Cancellation)).Where(s => s.StartedAt >= since).ToList();
        Assert.DoesNotContain(recent, s => s.Attribute("url.path") is "/health" or "/alive" || s.Attribute("url.path")?.StartsWith("/api/system", StringComparison.Ordinal) == true);
        var backgroundRoots = recent.Where(s => s.ParentSpanId is null && s.Kind == TelemetrySpan.Client && s.Service is "api" or "worker" or "web").ToList();
        Assert.True(backgroundRoots.Count == 0, "root database or Redis spans, from a background loop:\n" + new TraceTree(backgroundRoots).Describe());
    }
}
