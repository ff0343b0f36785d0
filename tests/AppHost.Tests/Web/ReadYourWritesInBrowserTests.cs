using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The Web keeps each user's consistency token in Redis and sends it with their reads, so with replay
// paused (a replica as far behind as it gets) the user still sees their own edit on every page load,
// whichever web replica serves it. Without the token those reads would come from the stale replica
// (ReplicaLagTests shows that at the Api).
[Collection(FailureDrills.Name)]
public sealed class ReadYourWritesInBrowserTests(FailureDrillStack shared)
{
    [Fact]
    public async Task With_replay_paused_a_user_sees_their_edit_on_every_page_at_once()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(ReadYourWritesInBrowserTests));
        var page = browser.Page;
        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, "https://example.com/before-the-pause");

        await ReplicaReplay.PauseAsync(shared.Stack, api, TestContext.Current.CancellationToken);
        try
        {
            await page.GotoAsync($"/links/{code}");
            await page.GetByLabel("New target URL").FillAsync("https://example.com/edited-while-the-replica-lags");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByTestId("target")).ToHaveTextAsync("https://example.com/edited-while-the-replica-lags");

            // New page loads, each a new request that either web replica may serve.
            for (var load = 0; load < 4; load++)
            {
                await page.GotoAsync($"/links/{code}");
                await Expect(page.GetByTestId("target")).ToHaveTextAsync("https://example.com/edited-while-the-replica-lags");
                await page.GotoAsync("/links");
                await Expect(page.Locator($"tr[data-code='{code}'] td.target")).ToHaveTextAsync("https://example.com/edited-while-the-replica-lags");
            }
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, TestContext.Current.CancellationToken);
        }
    }
}
