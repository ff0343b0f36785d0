using System.Net;
using AppHost.Tests.Infrastructure;
using RabbitMQ.Client;

namespace AppHost.Tests.Clicks;

// The Api sends many click events per message and the Workers settle a batch of messages with one
// multiple-ack: after a burst every click is stored once, and no message is left unacked (a killed
// Worker's unacked messages would go back to the queue).
[Collection(FailureDrills.Name)]
public sealed class ClickSettlementTests(FailureDrillStack drill)
{
    private const int Redirects = 8 * Wave;
    private const int Wave = FailureDrillStack.ClickBufferCapacity - 10;
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(90);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_burst_every_click_is_stored_once_and_no_click_message_is_left_unacked()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/burst-settled", Cancellation)).GetProperty("code").GetString()!;

        // In waves no larger than one replica's click buffer (this stack's is small, and a full buffer drops clicks by
        // design): a loaded machine that publishes slowly makes the test slower, not lossy.
        for (var sent = 0; sent < Redirects; sent += Wave)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Wave), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Cancellation }, async (_, cancellation) =>
            {
                using var response = await api.GetAsync("/" + code, cancellation);
                Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            });
            var stored = sent + Wave;
            await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count >= stored, PipelineTimeout, $"{stored} clicks stored");
        }
        Assert.Equal(Redirects, await ClickStore.ClicksAsync(drill.Stack, code));
        Assert.Equal(Redirects, await ClickStore.TotalAsync(drill.Stack, code));

        var workers = drill.Stack.Resources.Where(r => r.Resource.Name == "worker").Select(r => r.ResourceId).Order().ToList();
        Assert.Equal(2, workers.Count);
        try
        {
            // Killed, not stopped: a graceful stop can outlast the orchestrator's wait. A dead consumer's
            // unacked messages go back to the queue all the same.
            foreach (var worker in workers)
            {
                drill.Stack.Crash(worker);
                await drill.Stack.WaitUntilStoppedAsync(worker, Cancellation);
            }
            // Once the broker has seen the consumers go, it has returned whatever they held unacked.
            await Eventually.HoldsAsync(() => ClickQueueAsync(), queue => queue.ConsumerCount == 0, PipelineTimeout, "the Workers' consumers gone");
            Assert.Equal(0u, (await ClickQueueAsync()).MessageCount);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (drill.Stack.Resources.Single(r => r.ResourceId == worker).Snapshot.State?.Text != KnownResourceStates.Running)
                {
                    await drill.Stack.StartAgainAsync(worker, Cancellation);
                }
            }
        }
        Assert.Equal(Redirects, await ClickStore.ClicksAsync(drill.Stack, code));
    }

    private async Task<QueueDeclareOk> ClickQueueAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(drill.Stack.ConnectionString("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(Cancellation);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        return await channel.QueueDeclarePassiveAsync("clicks", Cancellation);
    }
}
