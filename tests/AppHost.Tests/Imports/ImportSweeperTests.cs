using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Imports;

// A stack of its own whose api replicas sweep every second and take an import without progress for 15 s for lost
// (long enough for stopped Workers to start again), sending it again twice before giving up: the tests lose
// messages by purging the queue while no Worker consumes.
public sealed class ImportSweepStack : IAsyncLifetime
{
    public const int MaxDispatchAttempts = 2;

    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken, builder =>
            builder.CreateResourceBuilder<ProjectResource>("api")
                .WithEnvironment("Imports__SweepAfter", "00:00:15")
                .WithEnvironment("Imports__SweepInterval", "00:00:01")
                .WithEnvironment("Imports__MaxDispatchAttempts", MaxDispatchAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

public sealed class ImportSweeperTests(ImportSweepStack sweep) : IClassFixture<ImportSweepStack>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_whose_confirmed_message_was_lost_is_sent_again_and_completes()
    {
        using var api = ApiEndpoints.ThroughProxy(sweep.Stack);
        var user = await TestUser.SignUpAsync(sweep.Stack, Cancellation);
        var workers = await CrashWorkersAsync();
        Guid importId;
        try
        {
            importId = await UploadAsync(api, user, "url\nhttps://example.com/lost-once-1\nhttps://example.com/lost-once-2\n");
            await Eventually.HoldsAsync(
                () => ClickStore.ScalarAsync(sweep.Stack, "SELECT count(*) FROM imports WHERE id = @id AND dispatched", ("id", importId)),
                count => count == 1, Timeout, "the import's message confirmed");
            await BrokerAdmin.PurgeQueueAsync(sweep.Stack, "imports");
        }
        finally
        {
            await StartAgainAsync(workers);
        }

        var status = await Eventually.HoldsAsync(() => StatusAsync(api, user, importId), s => s.GetProperty("status").GetString() == "completed", Timeout, "the import sent again and completed");
        Assert.Equal(2, status.GetProperty("succeeded").GetInt32());
        Assert.True(await ClickStore.ScalarAsync(sweep.Stack, "SELECT dispatch_attempts::bigint FROM imports WHERE id = @id", ("id", importId)) >= 1);
    }

    [Fact]
    public async Task An_import_whose_message_keeps_being_lost_is_marked_failed_with_a_reason_and_its_file_dropped()
    {
        using var api = ApiEndpoints.ThroughProxy(sweep.Stack);
        var user = await TestUser.SignUpAsync(sweep.Stack, Cancellation);
        var workers = await CrashWorkersAsync();
        try
        {
            var importId = await UploadAsync(api, user, "url\nhttps://example.com/always-lost-1\nhttps://example.com/always-lost-2\nhttps://example.com/always-lost-3\n");

            // Every message the sweeper sends again is lost too, until it gives up.
            var status = await Eventually.HoldsAsync(async () =>
            {
                await BrokerAdmin.PurgeQueueAsync(sweep.Stack, "imports");
                return await StatusAsync(api, user, importId);
            }, s => s.GetProperty("status").GetString() == "failed", Timeout, "the import given up");

            Assert.Equal((0, 3), (status.GetProperty("succeeded").GetInt32(), status.GetProperty("failed").GetInt32()));
            Assert.Contains("stopped making progress", status.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
            Assert.Equal(ImportSweepStack.MaxDispatchAttempts, await ClickStore.ScalarAsync(sweep.Stack, "SELECT dispatch_attempts::bigint FROM imports WHERE id = @id", ("id", importId)));
            Assert.Equal(0, await ClickStore.ScalarAsync(sweep.Stack, "SELECT count(*) FROM imports WHERE id = @id AND file IS NOT NULL", ("id", importId)));
        }
        finally
        {
            await StartAgainAsync(workers);
        }
    }

    private async Task<List<string>> CrashWorkersAsync()
    {
        var workers = WorkerProcesses.Of(sweep.Stack).Keys.Order().ToList();
        Assert.Equal(2, workers.Count);
        foreach (var worker in workers)
        {
            sweep.Stack.Crash(worker);
            await sweep.Stack.WaitUntilStoppedAsync(worker, Cancellation);
        }
        return workers;
    }

    private async Task StartAgainAsync(List<string> workers)
    {
        foreach (var worker in workers)
        {
            await sweep.Stack.StartAgainAsync(worker, Cancellation);
        }
    }

    private async Task<Guid> UploadAsync(HttpClient api, TestUser user, string csv)
    {
        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();
    }

    private async Task<JsonElement> StatusAsync(HttpClient api, TestUser user, Guid importId)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/imports/{importId}"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
