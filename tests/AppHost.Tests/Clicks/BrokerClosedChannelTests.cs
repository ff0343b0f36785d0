using System.Net;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

// The broker closes a Worker's channel, or cancels its consumer, while the Worker's connection stays open: the
// client's automatic recovery does not reopen such a channel, so the Worker must, without restarting.
[Collection(FailureDrills.Name)]
public sealed class BrokerClosedChannelTests(FailureDrillStack drill)
{
    private const int Redirects = 10;
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(90);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_the_broker_cancels_the_Workers_consumers_by_deleting_the_clicks_queue_the_same_Workers_consume_again()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/after-consumer-cancelled", Cancellation)).GetProperty("code").GetString()!;
        var workers = WorkerProcesses.Of(drill.Stack);
        Assert.Equal(2, workers.Count);
        await Eventually.HoldsAsync(() => BrokerAdmin.ConsumerCountAsync(drill.Stack, "clicks"), count => count == 2, PipelineTimeout, "both Workers consuming clicks");

        await BrokerAdmin.DeleteQueueAsync(drill.Stack, "clicks");

        await Eventually.HoldsAsync(() => BrokerAdmin.ConsumerCountAsync(drill.Stack, "clicks"), count => count == 2, PipelineTimeout, "both Workers consuming the clicks queue they declared again");
        for (var i = 0; i < Redirects; i++)
        {
            using var response = await api.GetAsync("/" + code, Cancellation);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        }
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == Redirects, PipelineTimeout, "every click stored");
        Assert.Equal(workers, WorkerProcesses.Of(drill.Stack));
    }

    [Fact]
    public async Task After_the_broker_closes_a_Workers_dead_letter_channel_the_poison_entry_is_dead_lettered_and_clicks_still_get_stored()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/after-channel-closed", Cancellation)).GetProperty("code").GetString()!;
        var workers = WorkerProcesses.Of(drill.Stack);
        Assert.Equal(2, workers.Count);
        var good = Guid.NewGuid();
        var poison = $$"""{"marker":"{{Guid.NewGuid()}}"}""";

        // Publishing to a missing exchange is a channel error: the broker closes the channel it came on (404 NOT_FOUND).
        await BrokerAdmin.DeleteExchangeAsync(drill.Stack, "clicks.dead-letter");
        await ClickStore.PublishBatchAsync(drill.Stack, ClickStore.BatchEntry(ClickStore.Event(good, code)), ClickStore.BatchEntry(poison));

        await Eventually.HoldsAsync(
            () => ClickStore.ScalarAsync(drill.Stack, "SELECT count(*) FROM clicks WHERE event_id = @id", ("id", good)),
            count => count == 1, PipelineTimeout, "the good event stored");
        var deadLettered = await Eventually.HoldsAsync(
            () => ClickStore.TakeDeadLetterAsync(drill.Stack, body => body.Contains(poison, StringComparison.Ordinal)),
            body => body is not null, PipelineTimeout, "the poison entry dead-lettered through a new channel");
        Assert.Contains(poison, deadLettered, StringComparison.Ordinal);
        for (var i = 0; i < Redirects; i++)
        {
            using var response = await api.GetAsync("/" + code, Cancellation);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        }
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == Redirects + 1, PipelineTimeout, "every click stored");
        Assert.Equal(workers, WorkerProcesses.Of(drill.Stack));
    }
}
