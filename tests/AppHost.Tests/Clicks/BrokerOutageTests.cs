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
