using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Imports;

[Collection(FailureDrills.Name)]
public sealed class ImportQueueDeletedTests(FailureDrillStack drill)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_broker_cancels_the_import_consumers_by_deleting_their_queue_the_same_Workers_run_imports_again()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var workers = WorkerProcesses.Of(drill.Stack);
        Assert.Equal(2, workers.Count);
        await Eventually.HoldsAsync(() => BrokerAdmin.ConsumerCountAsync(drill.Stack, "imports"), count => count == 2, Timeout, "both Workers consuming imports");

        await BrokerAdmin.DeleteQueueAsync(drill.Stack, "imports");

        await Eventually.HoldsAsync(() => BrokerAdmin.ConsumerCountAsync(drill.Stack, "imports"), count => count == 2, Timeout, "both Workers consuming the imports queue they declared again");
        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent("url\nhttps://example.com/after-queue-deleted\n", Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();
        await Eventually.HoldsAsync(
            () => ClickStore.ScalarAsync(drill.Stack, "SELECT count(*) FROM imports WHERE id = @id AND status = 'completed' AND succeeded = 1", ("id", importId)),
            count => count == 1, Timeout, "the import completed");
        Assert.Equal(workers, WorkerProcesses.Of(drill.Stack));
    }
}
