using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The system page's live panel holds a circuit in one web replica's memory. When that replica dies,
// the browser's reconnect reaches the other replica through the balancer, which rejects the unknown
// circuit, and the page reloads itself there (Web/wwwroot/app.js): nobody has to press anything.
[Collection(FailureDrills.Name)]
public sealed class LivePanelReconnectTests(FailureDrillStack shared)
{
    [Fact]
    public async Task When_the_web_replica_holding_the_live_panel_dies_the_page_comes_back_on_the_other_replica()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(LivePanelReconnectTests));
        var page = browser.Page;
        await page.GotoAsync("/system");
        var burst = page.GetByRole(AriaRole.Button, new() { Name = "Send 100 redirects" });
        await Expect(burst).ToBeEnabledAsync(); // the circuit is connected
        var holding = (await page.GetByTestId("web-replica").TextContentAsync())!;
        var webReplicas = WebEndpoints.EachReplica(shared.Stack).Select(r => r.Replica).ToList();
        Assert.Contains(holding, webReplicas);

        shared.Stack.Crash(holding);
        try
        {
            await shared.Stack.WaitUntilStoppedAsync(holding, cancellation);
            var other = webReplicas.Single(replica => replica != holding);
            await Expect(page.GetByTestId("web-replica")).ToHaveTextAsync(other, new() { Timeout = 60_000 });
            await Expect(burst).ToBeEnabledAsync();
            await burst.ClickAsync();
            await Expect(page.GetByTestId("burst-result")).ToContainTextAsync("Sent 100");
        }
        finally
        {
            await shared.Stack.StartAgainAsync(holding, cancellation);
        }
    }
}
