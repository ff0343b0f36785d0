using System.Text;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

public sealed class ImportPageTests(SharedStack shared)
{
    [Fact]
    public async Task An_uploaded_csv_is_followed_until_it_completes_with_its_row_errors_and_its_links_can_be_deleted_from_the_list()
    {
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(ImportPageTests));
        var page = browser.Page;
        await WebPages.SignUpAsync(page);

        await page.GotoAsync("/imports/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(page.Locator("#file-error")).ToHaveTextAsync("Choose a CSV file to import.");

        // A file the Api refuses as a whole: its message appears beside the file field.
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "wrong.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("name,age\nann,3\n") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        // Its answer replaces the first message; only then is the form ready for the next file.
        await Expect(page.Locator("#file-error")).Not.ToHaveTextAsync("Choose a CSV file to import.");
        await Expect(page.Locator("#file-error")).Not.ToBeEmptyAsync();
        Assert.EndsWith("/imports/new", page.Url);

        var csv = "url,code\nhttps://example.com/imported-1,\nnot a url,\nhttps://example.com/imported-3,\n";
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "links.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await page.WaitForURLAsync("**/imports/*-*");

        await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("3 of 3 rows done, 2 created, 1 with errors");
        await Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);

        await page.GotoAsync("/links");
        var first = page.Locator("tr[data-code]", new() { HasTextString = "https://example.com/imported-1" });
        await Expect(first).ToBeVisibleAsync();
        await Expect(page.Locator("td.target", new() { HasTextString = "https://example.com/imported-3" })).ToBeVisibleAsync();

        // Deleting from the list: the row's own Delete, confirmed, then the list read back with the delete's token.
        await first.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Delete ") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Delete ") }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Deleted ");
        await Expect(page.Locator("tr[data-code]")).ToHaveCountAsync(1);
        await Expect(page.Locator("td.target")).ToHaveTextAsync("https://example.com/imported-3");
    }

    [Fact]
    public async Task The_sample_csv_on_the_import_page_imports_as_it_is_without_a_row_error()
    {
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(ImportPageTests) + "-sample");
        var page = browser.Page;
        await WebPages.SignUpAsync(page);
        await page.GotoAsync("/imports/new");

        var sampleLink = page.GetByRole(AriaRole.Link, new() { Name = "Download a sample CSV file" });
        var download = await page.RunAndWaitForDownloadAsync(() => sampleLink.ClickAsync());
        Assert.Equal("sample-import.csv", download.SuggestedFilename);
        var sample = await page.APIRequest.GetAsync((await sampleLink.GetAttributeAsync("href"))!);
        Assert.Equal("text/csv", sample.Headers["content-type"].Split(';')[0]);
        var csv = await sample.BodyAsync();
        var rows = Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;

        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "sample-import.csv", MimeType = "text/csv", Buffer = csv });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await page.WaitForURLAsync("**/imports/*-*");

        await Expect(page.GetByTestId("import-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync($"{rows} of {rows} rows done, {rows} created, 0 with errors");
    }
}
