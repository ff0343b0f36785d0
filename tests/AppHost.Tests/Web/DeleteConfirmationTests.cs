using System.Net;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// Deleting a link asks first, and works in a browser without JavaScript: a link to a confirmation page, a form there.
public sealed class DeleteConfirmationTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delete_asks_for_confirmation_without_javascript_and_only_the_confirmation_deletes()
    {
        using var target = LoopbackTarget.Start();
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(DeleteConfirmationTests), javaScriptEnabled: false);
        var page = browser.Page;
        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, target.Url("/kept"));

        // The list's Delete leads to the question, which deletes nothing by itself; Cancel goes back to the link.
        await page.Locator($"tr[data-code='{code}']").GetByRole(AriaRole.Link, new() { Name = $"Delete {code}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Delete {code}?" })).ToBeVisibleAsync();
        await Expect(page.GetByText("This cannot be undone.")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("delete-confirmation");
        Assert.Equal(HttpStatusCode.Found, await RedirectStatusAsync(api, code));
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByTestId("target")).ToHaveTextAsync(target.Url("/kept"));
        Assert.Equal(HttpStatusCode.Found, await RedirectStatusAsync(api, code));

        // The link page's own Delete leads to the same question; confirming deletes and goes back to the list.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Delete {code}…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {code}" }).ClickAsync();
        await page.WaitForURLAsync("**/links?deleted=*");
        await Expect(page.Locator(".notice")).ToHaveTextAsync($"Deleted {code}");
        await Expect(page.Locator($"tr[data-code='{code}']")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, await RedirectStatusAsync(api, code));
    }

    private async Task<HttpStatusCode> RedirectStatusAsync(HttpClient api, string code)
    {
        using var response = await api.GetAsync("/" + code, Cancellation);
        return response.StatusCode;
    }
}
