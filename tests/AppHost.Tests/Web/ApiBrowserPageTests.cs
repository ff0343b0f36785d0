using System.Collections.Concurrent;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The api's page for an unknown short link looks like the Web under its strict policy and links home to the Web.
public sealed class ApiBrowserPageTests(SharedStack shared)
{
    [Fact]
    public async Task An_unknown_short_link_gets_a_page_styled_like_the_web_with_no_policy_violation_and_a_link_home()
    {
        var web = WebEndpoints.ThroughProxy(shared.Stack);
        var api = shared.Stack.App.GetEndpoint("api", "http");
        await using var browser = await BrowserSession.StartAsync(null, nameof(ApiBrowserPageTests));
        var page = browser.Page;
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue(message.Text);
            }
        };

        var response = await page.GotoAsync(new Uri(api, "no-such-code-" + Guid.NewGuid().ToString("N")[..8]).ToString());

        Assert.Equal(404, response!.Status);
        Assert.Contains("script-src 'none'", await response.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Link not found" })).ToBeVisibleAsync();
        // The inline stylesheet applied: the Web's heading size (1.6rem) instead of the browser's 2em.
        Assert.Equal("25.6px", await page.Locator("h1").EvaluateAsync<string>("h => getComputedStyle(h).fontSize"));
        Assert.Empty(violations);
        await browser.ScreenshotAsync("api-not-found-page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Go to Short links" }).ClickAsync();
        await page.WaitForURLAsync(web + "**");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Short links", Level = 1 })).ToBeVisibleAsync();
    }
}
