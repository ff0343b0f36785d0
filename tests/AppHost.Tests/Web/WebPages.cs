using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// What a person does on the Web's pages, as the tests do it: by labels and button names.
public static class WebPages
{
    public const string Password = "a browser test password";

    public static async Task<string> SignUpAsync(IPage page, string origin = "")
    {
        var email = $"browser-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync(origin + "/sign-up");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync("**/links");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My links" })).ToBeVisibleAsync();
        return email;
    }

    // On the My links page: shortens a URL and answers the new link's code.
    public static async Task<string> CreateLinkAsync(IPage page, string url)
    {
        await page.GetByLabel("Long URL").FillAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten" }).ClickAsync();
        var notice = page.Locator(".notice");
        await Expect(notice).ToContainTextAsync("Created ");
        var shortUrl = (await notice.TextContentAsync())!.Replace("Created ", "", StringComparison.Ordinal).Trim();
        return shortUrl[(shortUrl.LastIndexOf('/') + 1)..];
    }
}
