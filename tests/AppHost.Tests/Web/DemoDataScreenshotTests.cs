using System.Globalization;
using AppHost.Dashboard;
using AppHost.Tests.Deployment;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The README's pictures: the demo account, seeded by the dashboard's command, signed in in Chromium, its
// /system page after a burst of redirects to its links, and a demo link's
// month of clicks. Each run writes docs/images/system.png and docs/images/link.png anew.
public sealed class DemoDataScreenshotTests(SharedStack shared)
{
    private const int Links = 12;
    private static readonly TimeSpan ClicksTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_account_shows_traffic_on_the_system_page_and_a_month_of_clicks_on_its_link_page()
    {
        var clicksBefore = await DemoClicksStoredAsync();
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(DemoDataScreenshotTests));
        var page = browser.Page;

        var result = await shared.Stack.App.ResourceCommands.ExecuteCommandAsync(
            shared.Stack.ResourceIdOf("api"), DemoDataCommand.Name,
            new InteractionInputCollection([new() { Name = DemoDataCommand.LinksArgument, InputType = InputType.Number, Label = "Links", Value = Links.ToString(CultureInfo.InvariantCulture) }]),
            Cancellation);
        Assert.True(result.Success, result.Message);
        var password = result.Message![(result.Message!.LastIndexOf(' ') + 1)..];
        var clicks = int.Parse(result.Message.Split(' ')[3], CultureInfo.InvariantCulture);

        // Sign-in hashes a password behind a queue of one at a time: on a busy machine it may answer "not answering"; try again a few times.
        for (var attempt = 1; !page.Url.EndsWith("/links", StringComparison.Ordinal); attempt++)
        {
            await page.GotoAsync("/sign-in");
            await page.GetByLabel("Email").FillAsync("demo@example.com");
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            try
            {
                await page.WaitForURLAsync("**/links");
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
        var code = await page.Locator("tr[data-code]").First.GetAttributeAsync("data-code");

        await page.GotoAsync("/system");
        // Enabled once the live panel's circuit is connected; the burst goes to the signed-in account's links.
        var burst = page.GetByRole(AriaRole.Button, new() { Name = "Send 100 redirects" });
        await Expect(burst).ToBeEnabledAsync();
        await burst.ClickAsync();
        await Expect(page.GetByTestId("burst-result")).ToHaveTextAsync("Sent 100: 100 redirected, 0 not found, 0 failed.");
        await Eventually.HoldsAsync(DemoClicksStoredAsync, stored => stored >= clicksBefore + clicks + 100, ClicksTimeout, "the seeded clicks and the burst's stored");
        await Expect(page.Locator("svg.sparkline polyline").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryRoot.Combine("docs", "images", "system.png"), FullPage = true });

        await page.GotoAsync($"/links/{code}?period=30d");
        await Expect(page.GetByTestId("window-total")).Not.ToHaveTextAsync("0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryRoot.Combine("docs", "images", "link.png"), FullPage = true });
    }

    private Task<long> DemoClicksStoredAsync() =>
        ClickStore.ScalarAsync(shared.Stack,
            "SELECT coalesce(sum(t.clicks), 0)::bigint FROM link_click_totals t JOIN links l ON l.code = t.code JOIN accounts a ON a.id = l.owner_id WHERE a.email_normalized = 'demo@example.com'");
}
