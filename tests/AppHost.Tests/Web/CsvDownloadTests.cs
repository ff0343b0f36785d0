using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AppHost.Tests.Web;

// My links' "Export CSV" and a link page's "Download clicks (CSV)": the Api's files, passed through the Web for their
// owner only.
public sealed class CsvDownloadTests(SharedStack shared)
{
    [Fact]
    public async Task The_owner_downloads_the_links_export_and_a_links_clicks_and_another_account_gets_404()
    {
        var web = WebEndpoints.ThroughProxy(shared.Stack);
        await using var owner = await BrowserSession.StartAsync(web, nameof(CsvDownloadTests));
        await WebPages.SignUpAsync(owner.Page);
        var code = await WebPages.CreateLinkAsync(owner.Page, "https://example.com/csv-download");

        await owner.Page.GotoAsync("/links");
        var export = await owner.Page.RunAndWaitForDownloadAsync(() => owner.Page.GetByRole(AriaRole.Link, new() { Name = "Export CSV", Exact = true }).ClickAsync());
        Assert.EndsWith(".csv", export.SuggestedFilename, StringComparison.Ordinal);
        var exported = await File.ReadAllLinesAsync(await export.PathAsync(), TestContext.Current.CancellationToken);
        Assert.StartsWith("code,shortUrl,url,title,tags,", exported[0], StringComparison.Ordinal);
        Assert.StartsWith(code + ",", Assert.Single(exported.Skip(1)), StringComparison.Ordinal);

        await owner.Page.GotoAsync($"/links/{code}?period=7d");
        var clicks = await owner.Page.RunAndWaitForDownloadAsync(() => owner.Page.GetByRole(AriaRole.Link, new() { Name = "Download clicks (CSV)", Exact = true }).ClickAsync());
        Assert.StartsWith($"clicks-{code}-", clicks.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(["time,referrerHost,agentClass"], await File.ReadAllLinesAsync(await clicks.PathAsync(), TestContext.Current.CancellationToken));

        var direct = await owner.Page.APIRequest.GetAsync("/links/export.csv");
        Assert.Equal(200, direct.Status);
        Assert.StartsWith("text/csv", direct.Headers["content-type"], StringComparison.Ordinal);
        Assert.StartsWith("attachment;", direct.Headers["content-disposition"], StringComparison.Ordinal);

        await using var other = await BrowserSession.StartAsync(web, nameof(CsvDownloadTests) + "-other");
        await WebPages.SignUpAsync(other.Page);
        var refused = await other.Page.APIRequest.GetAsync($"/links/{code}/clicks.csv");
        Assert.Equal(404, refused.Status);
        Assert.DoesNotContain("text/csv", refused.Headers.GetValueOrDefault("content-type") ?? "", StringComparison.Ordinal);
        var othersExport = await other.Page.APIRequest.GetAsync("/links/export.csv");
        Assert.DoesNotContain(code, await othersExport.TextAsync(), StringComparison.Ordinal);

        await using var stranger = await BrowserSession.StartAsync(web, nameof(CsvDownloadTests) + "-signed-out");
        var signedOut = await stranger.Page.APIRequest.GetAsync("/links/export.csv", new() { MaxRedirects = 0 });
        Assert.Equal(302, signedOut.Status);
        Assert.Contains("/sign-in", signedOut.Headers["location"], StringComparison.Ordinal);
    }
}
