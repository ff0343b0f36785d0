using System.Net;
using ApiContract;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

public sealed class ApiKeyPageTests(SharedStack shared)
{
    [Fact]
    public async Task A_key_created_on_the_page_is_shown_once_works_for_a_script_and_stops_when_revoked_there()
    {
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(ApiKeyPageTests));
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var page = browser.Page;
        await WebPages.SignUpAsync(page);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".empty")).ToHaveTextAsync("No keys yet. Create one above.");

        // The Api's messages appear beside their fields.
        await page.GetByLabel("Expires on (optional)").FillAsync("2001-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.Locator("#key-name-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#key-expires-error")).ToHaveTextAsync("expiresAt must be in the future.");

        await page.GetByLabel("Name").FillAsync("browser script");
        await page.GetByLabel("Expires on (optional)").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var shown = page.GetByTestId("new-key");
        await Expect(shown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^lsk_"));
        var key = (await shown.TextContentAsync())!.Trim();
        var row = page.Locator("tr[data-key-id]", new() { HasTextString = "browser script" });
        await Expect(row).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(api, key));

        // Shown once: a fresh visit lists the key without it.
        await page.GotoAsync("/keys");
        await Expect(row).ToBeVisibleAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke browser script" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Revoked browser script");
        await Expect(page.Locator("tr[data-key-id]")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(api, key));
    }

    private static async Task<HttpStatusCode> StatusWithKeyAsync(HttpClient api, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/links");
        request.Headers.Add(ContractHeaders.ApiKey, key);
        using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
