using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// The link page's QR code downloads as PNG and SVG, for the link's owner and no one else.
public sealed class QrDownloadTests(SharedStack shared)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task The_owner_downloads_the_qr_code_as_png_and_svg_and_another_account_is_refused()
    {
        var web = WebEndpoints.ThroughProxy(shared.Stack);
        await using var owner = await BrowserSession.StartAsync(web, nameof(QrDownloadTests));
        await WebPages.SignUpAsync(owner.Page);
        var code = await WebPages.CreateLinkAsync(owner.Page, "https://example.com/qr-download");
        await owner.Page.GotoAsync($"/links/{code}");

        var pngLink = owner.Page.GetByRole(AriaRole.Link, new() { Name = "PNG", Exact = true });
        var download = await owner.Page.RunAndWaitForDownloadAsync(() => pngLink.ClickAsync());
        Assert.Equal($"qr-{code}.png", download.SuggestedFilename);

        var png = await owner.Page.APIRequest.GetAsync($"/links/{code}/qr.png");
        Assert.Equal(200, png.Status);
        Assert.Equal("image/png", png.Headers["content-type"]);
        Assert.StartsWith("attachment;", png.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal(PngSignature, (await png.BodyAsync())[..PngSignature.Length]);

        var svg = await owner.Page.APIRequest.GetAsync($"/links/{code}/qr.svg");
        Assert.Equal(200, svg.Status);
        Assert.Equal("image/svg+xml", svg.Headers["content-type"]);
        Assert.Contains($"filename=qr-{code}.svg", svg.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Contains("<svg", await svg.TextAsync(), StringComparison.Ordinal);

        await using var other = await BrowserSession.StartAsync(web, nameof(QrDownloadTests) + "-other");
        await WebPages.SignUpAsync(other.Page);
        foreach (var format in new[] { "png", "svg" })
        {
            var refused = await other.Page.APIRequest.GetAsync($"/links/{code}/qr.{format}");
            Assert.Equal(404, refused.Status);
            Assert.DoesNotContain("image/", refused.Headers.GetValueOrDefault("content-type") ?? "", StringComparison.Ordinal);
        }

        // Signed out, the download asks to sign in first.
        await using var stranger = await BrowserSession.StartAsync(web, nameof(QrDownloadTests) + "-signed-out");
        var signedOut = await stranger.Page.APIRequest.GetAsync($"/links/{code}/qr.png", new() { MaxRedirects = 0 });
        Assert.Equal(302, signedOut.Status);
        Assert.Contains("/sign-in", signedOut.Headers["location"], StringComparison.Ordinal);
        await Expect(owner.Page.GetByRole(AriaRole.Link, new() { Name = "SVG", Exact = true })).ToHaveAttributeAsync("href", $"/links/{code}/qr.svg");
    }
}
