using System.Net;
using AppHost.Tests.Dashboard;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

// The broker goes away after the Worker has stored a batch and before it could ack it: the acks fail.
// The Worker must go on (a Worker that stopped here left every later click waiting in the queue, found
// by the RabbitMQ-restart fault drill), and the events RabbitMQ delivers again are stored once.
[Collection(FailureDrills.Name)]
public sealed class BrokerLostAfterCommitTests(FailureDrillStack drill)
{
    private const int Redirects = 20;
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromMinutes(2);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_whose_acks_fail_because_the_broker_restarted_is_stored_once_and_the_Workers_keep_consuming()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/broker-lost-after-commit", Cancellation)).GetProperty("code").GetString()!;
        await RedirectAsync(api, code, 1); // fills the cache, so the redirects below need no database
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == 1, PipelineTimeout, "the first click stored");
        var workersBefore = WorkerProcesses();
        var messaging = drill.Stack.ResourceIdOf("messaging");
        var primary = ProcessIdentity.WithDescendants([drill.Stack.StartedProcessIds()[drill.Stack.ResourceIdOf("postgres")]]);

        // With the primary frozen, the Workers take the events and wait on their write; the broker stops
        // meanwhile, so the write commits after the connection its acks need is gone.
        ProcessSignals.Freeze(primary);
        try
        {
            await RedirectAsync(api, code, Redirects);
            await Eventually.HoldsAsync(() => BrokerQueues.MessageCountAsync(drill.Stack, "clicks"), count => count == 0, PipelineTimeout, "every event delivered to a Worker");
            await drill.Stack.StopAsync(messaging, Cancellation);
        }
        finally
        {
            ProcessSignals.Thaw(primary);
        }
        await Eventually.HoldsAsync(
            () => Task.FromResult(drill.Stack.LogLines("worker").Any(line => line.Contains("Lost the broker connection while settling", StringComparison.Ordinal))),
            logged => logged, PipelineTimeout, "a Worker's acks failing after its commit");
        await drill.Stack.StartAgainAsync(messaging, Cancellation);

        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == 1 + Redirects, PipelineTimeout, "every click stored");
        Assert.Equal(1 + Redirects, await ClickStore.TotalAsync(drill.Stack, code));
        Assert.Equal(workersBefore, WorkerProcesses());
        Assert.All(drill.Stack.Resources.Where(r => r.Resource.Name == "worker"), worker => Assert.Equal(KnownResourceStates.Running, worker.Snapshot.State?.Text));

        // And they still consume: a click made now is stored too.
        await RedirectAsync(api, code, 1);
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == 2 + Redirects, PipelineTimeout, "a click after the restart stored");
    }

    private IReadOnlyDictionary<string, int> WorkerProcesses() =>
        drill.Stack.StartedProcessIds().Where(p => p.Key.StartsWith("worker-", StringComparison.Ordinal)).ToDictionary();

    private async Task RedirectAsync(HttpClient api, string code, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await api.GetAsync("/" + code, Cancellation);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        }
    }
}
