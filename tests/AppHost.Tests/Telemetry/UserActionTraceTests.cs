using System.Net;
using System.Text;
using AppHost.Tests.Infrastructure;
using AppHost.Tests.Web;
using Microsoft.Playwright;
using Npgsql;

namespace AppHost.Tests.Telemetry;

// A user action is one trace in the dashboard, across every process it touches.
[Collection(DashboardTelemetryCollection.Name)]
public sealed class UserActionTraceTests(TelemetryStack telemetry)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redirect_cache_miss_is_one_trace_that_names_the_database_server_it_read_and_its_clicks_batch_links_to_it_from_the_publish_to_the_workers_write()
    {
        var stack = telemetry.Stack;
        using var api = ApiEndpoints.ThroughProxy(stack);
        using var dashboard = new DashboardTelemetry(telemetry.Dashboard);
        var user = await TestUser.SignUpAsync(stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/traced", Cancellation)).GetProperty("code").GetString()!;
        await RedirectCacheEntries.RemoveAsync(stack, code);

        var trace = TraceContext.New();
        using var redirect = await api.SendAsync(trace.Attach(new HttpRequestMessage(HttpMethod.Get, "/" + code)), Cancellation);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);

        var tree = new TraceTree(await Eventually.HoldsAsync(
            () => dashboard.TraceAsync(trace.TraceId, Cancellation),
            // The Redis instrumentation sends its spans after the fact (every few seconds).
            spans => spans.Any(s => s.Scope.Contains("StackExchangeRedis")) && HasApiRequest(spans),
            Timeout, "the redirect's trace with its Redis spans"));

        var request = tree.Single(s => s.Service == "api" && s.Kind == TelemetrySpan.Server, "api request");
        Assert.Equal("/{code}", request.Attribute("http.route"));
        Assert.Equal("miss", request.Attribute("links.redirect.result"));
        Assert.Equal("miss", request.Attribute("links.redirect_cache.result"));
        Assert.Contains(tree.Spans, s => s.Service == "api" && s.Scope.Contains("StackExchangeRedis") && tree.IsDescendantOf(s, request));

        // The read that filled the cache says which server answered, and the request says why.
        var read = tree.Single(s => s.Service == "api" && s.Attribute("db.query.text")?.Contains("FROM links WHERE code") == true, "cache-fill read");
        var readSource = request.Attribute("links.db.read_source");
        var servedByReplica = readSource == "replica";
        Assert.Contains(readSource, new[] { "replica", "primary", "primary-lag", "primary-down" });
        Assert.Equal("links", read.Attribute("db.namespace"));
        Assert.Equal(servedByReplica ? "true" : "false", read.Attribute("db.replica"));
        var server = new NpgsqlConnectionStringBuilder(stack.ConnectionString(servedByReplica ? "links-replica" : "links"));
        Assert.Equal(server.Host, read.Attribute("server.address"));
        Assert.Equal(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), read.Attribute("server.port"));
        if (servedByReplica)
        {
            // One round trip: the replica's replay position is asked in the same batch as the row.
            Assert.Contains("pg_last_wal_replay_lsn()", read.Attribute("db.query.text"));
            Assert.Single(tree.Spans, s => s.Service == "api" && s.Attribute("db.query.text")?.Contains("pg_last_wal_replay_lsn()") == true);
        }

        // The click travels in a batch message with a trace of its own; the Worker's write links back to the redirect.
        var write = await Eventually.HoldsAsync(
            async () => (await dashboard.SpansAsync(5000, Cancellation)).FirstOrDefault(s => s.Service == "worker" && s.Name == "clicks write" && s.Links.Any(l => l.TraceId == trace.TraceId)),
            span => span is not null, Timeout, "the Worker's write linked to the redirect");
        var batch = new TraceTree(await Eventually.HoldsAsync(
            () => dashboard.TraceAsync(write!.TraceId, Cancellation),
            spans => spans.Any(s => s.Service == "worker" && s.Attribute("db.query.text")?.Contains("INSERT INTO clicks") == true)
                && spans.Any(s => s.Service == "api" && s.Name == "clicks publish") && TraceTree.IsWhole(spans),
            Timeout, "the click batch's trace from the api's publish to the Worker's write"));

        // Each link points at a span of the redirect's trace inside its request.
        var linkToRedirect = Assert.Single(write!.Links, l => l.TraceId == trace.TraceId);
        Assert.True(tree.Spans.Any(s => s.SpanId == linkToRedirect.SpanId && (s == request || tree.IsDescendantOf(s, request))), "the write links to the redirect's request");
        var batchPublish = batch.Single(s => s.Service == "api" && s.Name == "clicks publish", "batch publish");
        Assert.Null(batchPublish.ParentSpanId);
        Assert.Contains(batchPublish.Links, l => l.TraceId == trace.TraceId && l.SpanId == linkToRedirect.SpanId);
        Assert.Equal("1", batchPublish.Attribute("messaging.batch.message_count"));

        // api publish -> worker consume -> write, one tree in the batch's trace.
        var publish = batch.Single(s => s.Service == "api" && s.Kind == TelemetrySpan.Producer && s.Attribute("messaging.destination.name") == "clicks", "click publish");
        Assert.True(batch.IsDescendantOf(publish, batchPublish), "the RabbitMQ publish is part of the batch's publish span");
        var consume = batch.Single(s => s.Service == "worker" && s.Kind == TelemetrySpan.Consumer && s.Attribute("messaging.destination.name") == "clicks", "click consume");
        Assert.Equal(publish.SpanId, consume.ParentSpanId);
        var writeSpan = batch.Single(s => s.SpanId == write.SpanId, "clicks write");
        Assert.True(batch.IsDescendantOf(writeSpan, consume), "the write is part of the consume");
        var insert = batch.Single(s => s.Service == "worker" && s.Attribute("db.query.text")?.Contains("INSERT INTO clicks") == true, "click insert");
        Assert.True(batch.IsDescendantOf(insert, writeSpan), "the insert is part of the write");
        Assert.Equal("false", insert.Attribute("db.replica"));
    }

    [Fact]
    public async Task An_import_uploaded_on_the_Web_is_one_trace_from_the_Webs_form_submit_through_the_api_and_the_queue_to_the_Worker()
    {
        var stack = telemetry.Stack;
        using var dashboard = new DashboardTelemetry(telemetry.Dashboard);
        string importId;
        await using (var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(stack), "web-import-trace"))
        {
            await WebPages.SignUpAsync(browser.Page);
            await browser.Page.GotoAsync("/imports/new");
            await browser.Page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
            {
                Name = "traced.csv",
                MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes("url\nhttps://example.com/from-the-web\n"),
            });
            await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
            await browser.Page.WaitForURLAsync("**/imports/*-*");
            importId = browser.Page.Url[(browser.Page.Url.LastIndexOf('/') + 1)..];
        }

        // The import's id is the message id of its publish: that span leads to the whole trace.
        var publish = await Eventually.HoldsAsync(
            async () => (await dashboard.SpansAsync(5000, Cancellation)).FirstOrDefault(s => s.Kind == TelemetrySpan.Producer && s.Attribute("messaging.message.id") == importId),
            span => span is not null, Timeout, "the import's publish in the dashboard");
        var tree = new TraceTree(await Eventually.HoldsAsync(
            () => dashboard.TraceAsync(publish!.TraceId, Cancellation),
            spans => spans.Any(s => s.Service == "worker" && s.Attribute("db.query.text")?.Contains("UPDATE imports SET status") == true)
                && HasApiRequest(spans) && spans.Any(s => s.Service == "web" && s.Scope == "Microsoft.AspNetCore.Components"),
            Timeout, "the trace reaching the Worker's finish"));

        // The trace starts at Blazor's span for the form's submit handler, not at the form's HTTP request.
        var form = tree.Single(s => s.Service == "web" && s.Scope == "Microsoft.AspNetCore.Components" && s.Name.Contains("UploadAsync", StringComparison.Ordinal), "web form submit");
        Assert.Null(form.ParentSpanId);
        var call = tree.Single(s => s.Service == "web" && s.Kind == TelemetrySpan.Client && s.Attribute("url.full")?.Contains("/api/imports") == true, "web call to the api");
        Assert.True(tree.IsDescendantOf(call, form), "the Web's call to the api is part of its form submit");
        var request = tree.Single(s => s.Service == "api" && s.Kind == TelemetrySpan.Server, "api request");
        Assert.Equal(call.SpanId, request.ParentSpanId);
        Assert.True(tree.IsDescendantOf(publish!, request), "the publish is part of the api request");
        var consume = tree.Single(s => s.Service == "worker" && s.Kind == TelemetrySpan.Consumer, "worker consume");
        Assert.Equal(publish!.SpanId, consume.ParentSpanId);
    }

    [Fact]
    public async Task An_import_is_one_trace_from_the_upload_through_the_queue_to_the_workers_chunks()
    {
        var stack = telemetry.Stack;
        using var api = ApiEndpoints.ThroughProxy(stack);
        using var dashboard = new DashboardTelemetry(telemetry.Dashboard);
        var user = await TestUser.SignUpAsync(stack, Cancellation);

        var trace = TraceContext.New();
        using var upload = trace.Attach(user.Request(HttpMethod.Post, "/api/imports"));
        upload.Content = new StringContent("url,code\nhttps://example.com/one,\nhttps://example.com/two,\n", Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var tree = new TraceTree(await Eventually.HoldsAsync(
            () => dashboard.TraceAsync(trace.TraceId, Cancellation),
            spans => spans.Any(s => s.Service == "worker" && s.Attribute("db.query.text")?.Contains("UPDATE imports SET status") == true) && HasApiRequest(spans),
            Timeout, "the import's trace reaching the Worker's finish"));

        var request = tree.Single(s => s.Service == "api" && s.Kind == TelemetrySpan.Server, "api request");
        Assert.Equal("202", request.Attribute("http.response.status_code"));
        var store = tree.Single(s => s.Service == "api" && s.Attribute("db.query.text")?.StartsWith("INSERT INTO imports") == true, "import insert");
        Assert.Equal("false", store.Attribute("db.replica"));
        var publish = tree.Single(s => s.Service == "api" && s.Kind == TelemetrySpan.Producer && s.Attribute("messaging.destination.name") == "imports", "import publish");
        var consume = tree.Single(s => s.Service == "worker" && s.Kind == TelemetrySpan.Consumer && s.Attribute("messaging.destination.name") == "imports", "import consume");
        Assert.Equal(publish.SpanId, consume.ParentSpanId);
        var chunk = tree.Single(s => s.Service == "worker" && s.Name == "import chunk", "import chunk");
        Assert.True(tree.IsDescendantOf(chunk, consume), "the chunk is part of the consume");
        Assert.Equal("2", chunk.Attribute("links.import.rows"));
        // Rows are written inside the chunk's span without a span each.
        Assert.DoesNotContain(tree.Spans, s => s.Attribute("db.query.text")?.StartsWith("INSERT INTO import_rows") == true);
    }

    // Each process exports its spans in batches, a span once it has ended, so a parent (the api's request,
    // the Worker's delivery) can arrive after its children: a trace is whole once no span waits for its parent.
    internal static bool HasApiRequest(IReadOnlyList<TelemetrySpan> spans) =>
        spans.Any(s => s.Service == "api" && s.Kind == TelemetrySpan.Server) && TraceTree.IsWhole(spans);
}
