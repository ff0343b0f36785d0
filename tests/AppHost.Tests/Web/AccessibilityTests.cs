using System.Text;
using AppHost.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// axe-core (Deque.AxeCore.Playwright) on every page of the Web, signed out and signed in, and on the api's page for an
// unknown link: no serious or critical violation anywhere. Lesser ones are attached to the result, not failed on.
public sealed class AccessibilityTests(SharedStack shared)
{
    private static readonly string[] FailingImpacts = ["serious", "critical"];

    [Fact]
    public async Task Every_page_signed_out_and_signed_in_has_no_serious_or_critical_axe_violation()
    {
        var web = WebEndpoints.ThroughProxy(shared.Stack);
        var api = shared.Stack.App.GetEndpoint("api", "http");
        await using var browser = await BrowserSession.StartAsync(web, nameof(AccessibilityTests));
        var page = browser.Page;
        var report = new AxeReport();

        // The check can fail: a page with an image that has no text alternative is a critical violation.
        await page.SetContentAsync("<!doctype html><html lang=\"en\"><title>Control</title><main><img src=\"data:,\"></main></html>");
        Assert.Contains((await page.RunAxe()).Violations, violation => violation.Id == "image-alt" && violation.Impact == "critical");

        // Signed out.
        await report.CheckAsync(page, "home, signed out", "/", "Short links");
        await report.CheckAsync(page, "sign in", "/sign-in", "Sign in");
        await report.CheckAsync(page, "sign up", "/sign-up", "Sign up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.Locator("#password-error")).Not.ToBeEmptyAsync();
        await report.CheckCurrentAsync(page, "sign up with field errors");
        await report.CheckAsync(page, "system page, signed out", "/system", "How it scales");
        await report.CheckAsync(page, "the Web's not-found page", "/no-such-page-" + Guid.NewGuid().ToString("N")[..8], null);
        await report.CheckAsync(page, "the api's page for an unknown link", new Uri(api, "no-such-code-" + Guid.NewGuid().ToString("N")[..8]).ToString(), "Link not found");

        // Signed in.
        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, "https://example.com/accessible");
        await report.CheckCurrentAsync(page, "my links with a new link");
        await report.CheckAsync(page, "home, signed in", "/", "Short links");
        await report.CheckAsync(page, "link detail", $"/links/{code}", null);
        await report.CheckAsync(page, "link detail, last 30 days", $"/links/{code}?period=30d", null);
        await report.CheckAsync(page, "delete confirmation", $"/links/{code}/delete", $"Delete {code}?");
        await report.CheckAsync(page, "import", "/imports/new", "Import links from a CSV file");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "links.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("url,code\nhttps://example.com/a11y-1,\nnot a url,\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await page.WaitForURLAsync("**/imports/*-*");
        await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await report.CheckCurrentAsync(page, "import progress with a row error");
        await report.CheckAsync(page, "system page, signed in", "/system", "How it scales");

        TestContext.Current.AddAttachment("axe-violations.txt", report.All.Length == 0 ? "none" : report.All.ToString());
        Assert.True(report.Failing.Length == 0, "Serious or critical axe violations:\n" + report.Failing);
    }

    private sealed class AxeReport
    {
        public StringBuilder All { get; } = new();

        public StringBuilder Failing { get; } = new();

        public async Task CheckAsync(IPage page, string name, string url, string? heading)
        {
            await page.GotoAsync(url);
            if (heading is not null)
            {
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            }
            await CheckCurrentAsync(page, name);
        }

        public async Task CheckCurrentAsync(IPage page, string name)
        {
            await page.WaitForLoadStateAsync(LoadState.Load);
            var result = await page.RunAxe();
            foreach (var violation in result.Violations)
            {
                var line = $"{name} ({page.Url}): {violation.Impact} {violation.Id}: {violation.Help} at " +
                    string.Join(" | ", violation.Nodes.Select(node => $"{node.Target} {node.Html}"));
                All.AppendLine(line);
                if (FailingImpacts.Contains(violation.Impact))
                {
                    Failing.AppendLine(line);
                }
            }
        }
    }
}
