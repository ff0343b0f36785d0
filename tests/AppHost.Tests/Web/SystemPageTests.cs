using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

public sealed class SystemPageTests(SharedStack shared)
{
    [Fact]
    public async Task The_system_page_shows_a_burst_of_redirects_spread_over_the_api_replicas()
    {
        using var target = LoopbackTarget.Start();
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(SystemPageTests));
        var page = browser.Page;
        await WebPages.SignUpAsync(page);
        await WebPages.CreateLinkAsync(page, target.Url("/burst"));

        await page.GotoAsync("/system");
        // Enabled once the live panel's circuit is connected.
        var burst = page.GetByRole(AriaRole.Button, new() { Name = "Send 100 redirects" });
        await Expect(burst).ToBeEnabledAsync();
        await burst.ClickAsync();
        await Expect(page.GetByTestId("burst-result")).ToHaveTextAsync("Sent 100: 100 redirected, 0 not found, 0 failed.");

        var servedBy = await Eventually.HoldsAsync(
            async () => ((await page.GetByTestId("served-by").TextContentAsync()) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
            replicas => replicas.Count > 1, TimeSpan.FromSeconds(20), "more than one api replica named on the page");
        var apiReplicas = shared.Stack.Resources.Where(r => r.Resource.Name == "api").Select(r => r.ResourceId).ToHashSet();
        Assert.Equal(ApiEndpoints.ReplicaCount, apiReplicas.Count);
        Assert.Subset(apiReplicas, servedBy);
        await Expect(page.GetByTestId("replicas").Locator("li")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("replication-state")).ToHaveTextAsync("streaming");

        // Let the per-second charts draw a few points after the burst for the picture.
        await Expect(page.Locator("svg.sparkline polyline").First).ToBeVisibleAsync();
        await browser.ScreenshotAsync("system-page");
    }
}
