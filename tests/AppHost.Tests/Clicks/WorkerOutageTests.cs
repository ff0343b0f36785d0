using System.Net;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

[Collection(FailureDrills.Name)]
public sealed class WorkerOutageTests(FailureDrillStack drill)
{
    private const int Redirects = 30;
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(90);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clicks_made_while_every_Worker_is_down_are_all_stored_once_it_returns_and_a_redelivered_event_counts_once()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/while-worker-down", Cancellation)).GetProperty("code").GetString()!;
        var workers = drill.Stack.Resources.Where(r => r.Resource.Name == "worker").Select(r => r.ResourceId).Order().ToList();
        Assert.Equal(2, workers.Count);

        foreach (var worker in workers)
        {
            drill.Stack.Crash(worker);
            await drill.Stack.WaitUntilStoppedAsync(worker, Cancellation);
        }
        try
        {
            for (var i = 0; i < Redirects; i++)
            {
                using var response = await api.GetAsync("/" + code, Cancellation);
                Assert.Equal(HttpStatusCode.Found, response.StatusCode); // the redirect does not wait for the Worker
            }
            // The same event twice (a redelivery), then a last one: a single Worker takes them in this order.
            var redelivered = Guid.NewGuid();
            var last = Guid.NewGuid();
            await ClickStore.PublishAsync(drill.Stack, ClickStore.Event(redelivered, code), ClickStore.Event(redelivered, code), ClickStore.Event(last, code));
            Assert.Equal(0, await ClickStore.ClicksAsync(drill.Stack, code));

            await drill.Stack.StartAgainAsync(workers[0], Cancellation);

            await Eventually.HoldsAsync(
                () => ClickStore.ScalarAsync(drill.Stack, "SELECT count(*) FROM clicks WHERE event_id = @id", ("id", last)),
                count => count == 1, PipelineTimeout, "the last event stored");
            await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == Redirects + 2, PipelineTimeout, "every click stored");
            Assert.Equal(Redirects + 2, await ClickStore.TotalAsync(drill.Stack, code));
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
    }
}
