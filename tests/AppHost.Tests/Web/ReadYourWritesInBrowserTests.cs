using ApiContract;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The Web keeps each user's consistency token in Redis and sends it with their reads, so with replay
// paused (a replica as far behind as it gets) the user still sees their own edit on every page load,
// whichever web replica serves it. Without the token those reads would come from the stale replica
// (ReplicaLagTests shows that at the Api). The loads must come from both web replicas: a token kept in
// one replica's memory would pass on the replica that saved the edit.
[Collection(FailureDrills.Name)]
public sealed class ReadYourWritesInBrowserTests(FailureDrillStack shared)
{
    private const string Edited = "https://example.com/edited-while-the-replica-lags";

    [Fact]
    public async Task With_replay_paused_a_user_sees_their_edit_on_every_page_from_either_web_replica()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var web = WebEndpoints.ThroughProxy(shared.Stack);
        var webReplicas = WebEndpoints.EachReplica(shared.Stack).Select(r => r.Replica).Order().ToList();
        await using var browser = await BrowserSession.StartAsync(web, nameof(ReadYourWritesInBrowserTests));
        var page = browser.Page;
        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, "https://example.com/before-the-pause");

        await ReplicaReplay.PauseAsync(shared.Stack, api, TestContext.Current.CancellationToken);
        try
        {
            await page.GotoAsync($"/links/{code}");
            await page.GetByLabel("New target URL").FillAsync(Edited);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByTestId("target")).ToHaveTextAsync(Edited);

            // Each load in a new browser context, so on new connections, until both web replicas served some.
            var servedBy = new HashSet<string>();
            for (var load = 0; load < 20 && (load < 4 || servedBy.Count < webReplicas.Count); load++)
            {
                await using var context = await browser.NewContextWithSameCookiesAsync(web);
                var fresh = await context.NewPageAsync();
                var detail = await fresh.GotoAsync($"/links/{code}");
                servedBy.Add(ServedBy(detail));
                await Expect(fresh.GetByTestId("target")).ToHaveTextAsync(Edited);
                var list = await fresh.GotoAsync("/links");
                servedBy.Add(ServedBy(list));
                await Expect(fresh.Locator($"tr[data-code='{code}'] td.target")).ToHaveTextAsync(Edited);
            }
            Assert.Equal(webReplicas, servedBy.Order());
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, TestContext.Current.CancellationToken);
        }
    }

    private static string ServedBy(IResponse? response) =>
        (response ?? throw new InvalidOperationException("The page load had no response.")).Headers[ContractHeaders.ServedBy.ToLowerInvariant()];
}
