using System.Net;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

[Collection(FailureDrills.Name)]
public sealed class BrokerOutageTests(FailureDrillStack drill)
{
    private const int RedirectsBefore = 10;
    private const int RedirectsDuring = 40;
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromMinutes(2);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_RabbitMQ_stopped_redirects_answer_at_once_and_every_click_is_stored_after_it_returns()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/while-broker-down", Cancellation)).GetProperty("code").GetString()!;
        await RedirectAsync(api, code, RedirectsBefore);
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == RedirectsBefore, PipelineTimeout, "the clicks before the outage stored");
        var messaging = drill.Stack.ResourceIdOf("messaging");

        await drill.Stack.StopAsync(messaging, Cancellation);
        try
        {
            await RedirectAsync(api, code, RedirectsDuring); // the redirect never waits for the broker
        }
        finally
        {
            await drill.Stack.StartAgainAsync(messaging, Cancellation);
        }

        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == RedirectsBefore + RedirectsDuring, PipelineTimeout, "every click stored after the broker returned");
        Assert.Equal(RedirectsBefore + RedirectsDuring, await ClickStore.TotalAsync(drill.Stack, code));
    }

    [Fact]
    public async Task With_RabbitMQ_frozen_redirects_answer_without_its_confirms_a_full_buffer_drops_and_warns_and_what_was_buffered_is_stored()
    {
        const int redirects = 4 * FailureDrillStack.ClickBufferCapacity;
        var replica = ApiEndpoints.EachReplica(drill.Stack)[0].Client;
        replica.Timeout = TimeSpan.FromSeconds(30); // a redirect waiting for the broker would hang; this turns a hang into a failure
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(replica, "https://example.com/while-broker-frozen", Cancellation)).GetProperty("code").GetString()!;
        await RedirectAsync(replica, code, 1);
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count == 1, PipelineTimeout, "the first click stored");
        var broker = ProcessIdentity.WithDescendants([drill.Stack.StartedProcessIds()[drill.Stack.ResourceIdOf("messaging")]]);

        ProcessSignals.Freeze(broker);
        try
        {
            await RedirectAsync(replica, code, redirects); // one replica, so its buffer overflows
            await Eventually.HoldsAsync(
                () => Task.FromResult(drill.Stack.LogLines("api").Any(line => line.Contains("Click buffer full", StringComparison.Ordinal))),
                logged => logged, PipelineTimeout, "the buffer-full warning");
        }
        finally
        {
            ProcessSignals.Thaw(broker);
        }

        // Counted once nothing is on its way: the replica's buffer sends in order, so a later redirect's click stored
        // means all it held before has reached the broker, and the settled pipeline has stored all the broker took.
        // Just after the thaw the buffer can still be full (the broker has yet to confirm what it was sent while
        // frozen), so that later click may be dropped too: the marker redirect is repeated until one of its clicks is stored.
        var marker = (await user.CreateLinkAsync(replica, "https://example.com/after-broker-frozen", Cancellation)).GetProperty("code").GetString()!;
        await Eventually.HoldsAsync(
            async () =>
            {
                await RedirectAsync(replica, marker, 1);
                return await ClickStore.ClicksAsync(drill.Stack, marker);
            },
            count => count >= 1, PipelineTimeout, "a later redirect's click stored");
        await ClickPipelineSettling.SettleAsync(drill.Stack, Cancellation);

        // Everything that got into the buffer is stored; what overflowed it is not.
        var stored = await ClickStore.ClicksAsync(drill.Stack, code);
        Assert.True(stored >= 1 + FailureDrillStack.ClickBufferCapacity, $"{stored} clicks stored: fewer than the buffer held");
        Assert.True(stored < 1 + redirects, $"{stored} clicks stored: none was dropped");
        Assert.Equal(stored, await ClickStore.TotalAsync(drill.Stack, code));
    }

    // A new connection each time, so the clicks come from every replica's buffer.
    private async Task RedirectAsync(HttpClient api, string code, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + code);
            request.Headers.ConnectionClose = true;
            using var response = await api.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        }
    }
}
