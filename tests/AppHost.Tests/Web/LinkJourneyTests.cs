using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The Web in a real browser against the whole stack: sign up, shorten, follow, see the click, edit.
public sealed class LinkJourneyTests(SharedStack shared)
{
    [Fact]
    public async Task A_user_shortens_a_link_follows_it_sees_the_click_counted_and_points_it_elsewhere()
    {
        using var target = LoopbackTarget.Start();
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(LinkJourneyTests));
        var page = browser.Page;

        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, target.Url("/first"));
        var row = page.Locator($"tr[data-code='{code}']");
        await Expect(row).ToContainTextAsync(target.Url("/first"));
        var shortUrl = await row.Locator("button[data-copy]").GetAttributeAsync("data-copy");
        Assert.EndsWith("/" + code, shortUrl);

        // Following the short link lands on the target, through the api's redirect.
        await page.GotoAsync(shortUrl!);
        await Expect(page).ToHaveTitleAsync("Target reached");
        Assert.Contains("/first", target.RequestedPaths);

        // The Worker records the click in the background; the detail page shows it once it has.
        await page.GotoAsync(WebEndpoints.ThroughProxy(shared.Stack) + $"links/{code}");
        await Eventually.HoldsAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.GetByTestId("window-total").TextContentAsync();
        }, total => total == "1", TimeSpan.FromSeconds(60), "the click counted on the link's page");
        await Expect(page.GetByTestId("window-visitors")).ToHaveTextAsync("1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Exclude bots" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Exclude bots" })).ToHaveAttributeAsync("aria-current", "page");
        // Headless Chromium says "HeadlessChrome" in its user agent, which the Api classes as a bot.
        await Expect(page.GetByTestId("window-total")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("window-visitors")).ToHaveTextAsync("0");
        await page.GetByRole(AriaRole.Link, new() { Name = "All clicks" }).ClickAsync();
        await Expect(page.GetByTestId("window-total")).ToHaveTextAsync("1");
        await Expect(page.Locator("svg.chart rect.bar")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for " + shortUrl })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("link-detail-page");

        // A wrong target is refused beside its field and changes nothing.
        await page.GetByLabel("New target URL").FillAsync("ftp://example.com/file");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#url-error")).ToContainTextAsync("http");
        await Expect(page.GetByTestId("target")).ToHaveTextAsync(target.Url("/first"));

        await page.GetByLabel("New target URL").FillAsync(target.Url("/second"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByTestId("target")).ToHaveTextAsync(target.Url("/second"));

        await page.GotoAsync(shortUrl!);
        await Expect(page).ToHaveTitleAsync("Target reached");
        await Expect(page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Target /second");

        // Both visits are counted on the list once the Worker has recorded the second.
        await page.GotoAsync(WebEndpoints.ThroughProxy(shared.Stack) + "links");
        await Eventually.HoldsAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.Locator($"tr[data-code='{code}'] td.number").TextContentAsync();
        }, clicks => clicks == "2", TimeSpan.FromSeconds(60), "both clicks counted on the links page");
        await browser.ScreenshotAsync("links-page");
    }
}
