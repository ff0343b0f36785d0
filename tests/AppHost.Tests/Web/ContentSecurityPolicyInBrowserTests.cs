using System.Collections.Concurrent;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The proof that the Web's CSP does not break Blazor: Chromium enforces it on every page, through enhanced navigation,
// forms and the system page's interactive panel over its WebSocket, and reports no violation.
public sealed class ContentSecurityPolicyInBrowserTests(SharedStack shared)
{
    // A violation as an error on the console, with what was refused, in case Chromium's own message is not logged.
    private const string ReportViolations = """
        document.addEventListener('securitypolicyviolation', e =>
            console.error(`CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
        """;

    [Fact]
    public async Task Blazor_runs_under_the_content_security_policy_without_a_violation()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var target = LoopbackTarget.Start();
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(ContentSecurityPolicyInBrowserTests));
        var page = browser.Page;
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
            {
                violations.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        await browser.Context.AddInitScriptAsync(ReportViolations);

        var home = await page.GotoAsync("/");
        Assert.Contains("'nonce-", await home!.HeaderValueAsync("content-security-policy"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Short links" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // Signed in: an enhanced form post, then a signed-in page and a form on it.
        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, target.Url("/csp"));

        // A click counted, so the link's page draws its charts and the share of browsers and bots.
        using (var api = ApiEndpoints.ThroughProxy(shared.Stack))
        {
            using var followed = await api.GetAsync("/" + code, cancellation);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, followed.StatusCode);
        }
        await page.Locator($"tr[data-code='{code}'] a.short-url").ClickAsync();
        await page.WaitForURLAsync($"**/links/{code}");
        await Eventually.HoldsAsync(async () =>
        {
            await page.ReloadAsync();
            return await page.Locator("svg.share").CountAsync();
        }, shares => shares == 1, TimeSpan.FromSeconds(60), "the click counted on the link's page");

        // The interactive panel: its circuit connects over the WebSocket and it updates live.
        await page.GetByRole(AriaRole.Link, new() { Name = "How it scales" }).ClickAsync();
        await page.WaitForURLAsync("**/system");
        var burst = page.GetByRole(AriaRole.Button, new() { Name = "Send 100 redirects" });
        await Expect(burst).ToBeEnabledAsync();
        await burst.ClickAsync();
        await Expect(page.GetByTestId("burst-result")).ToContainTextAsync("Sent 100:");
        await Expect(page.Locator("svg.sparkline polyline").First).ToBeVisibleAsync();

        // Back through enhanced navigation to a static page, after the live panel.
        await page.GetByRole(AriaRole.Link, new() { Name = "My links" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My links" })).ToBeVisibleAsync();

        Assert.Empty(violations);
    }
}
