using System.Globalization;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// Times are shown in the reader's time zone once their browser has named it, with the UTC value on hover; in UTC before.
public sealed class ReaderTimeZoneTests(SharedStack shared)
{
    // +09:00 all year: no daylight saving time to make the expected hour depend on the date.
    private const string Tokyo = "Asia/Tokyo";

    [Fact]
    public async Task A_link_page_shows_its_creation_time_in_the_browsers_time_zone_with_utc_on_hover()
    {
        await using var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(shared.Stack), nameof(ReaderTimeZoneTests), timeZone: Tokyo);
        var page = browser.Page;
        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, "https://example.com/time-zone");
        Assert.Contains(await browser.Context.CookiesAsync(), cookie => cookie.Name == "tz" && Uri.UnescapeDataString(cookie.Value) == Tokyo);

        await page.GotoAsync($"/links/{code}");

        var created = page.Locator("time");
        var utc = DateTime.ParseExact((await created.GetAttributeAsync("datetime"))!, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        await Expect(created).ToHaveTextAsync($"{utc.AddHours(9):yyyy-MM-dd HH:mm} {Tokyo}");
        await Expect(created).ToHaveAttributeAsync("title", $"{utc:yyyy-MM-dd HH:mm:ss} UTC");
        await Expect(page.Locator("p", new() { Has = page.GetByTestId("window-total") })).ToContainTextAsync($"({Tokyo}).");
        await Expect(page.GetByTestId("clicks-delay")).ToContainTextAsync("within a few seconds");
    }

    [Fact]
    public async Task A_time_zone_cookie_the_server_does_not_know_shows_utc()
    {
        string[] hostile = ["", "../../../../etc/passwd", "Not/AZone", "Europe/Berlin\r\nSet-Cookie: x=1", "\0", new string('A', 3000), "Etc/../../Europe/Berlin"];
        var web = WebEndpoints.ThroughProxy(shared.Stack);
        await using var browser = await BrowserSession.StartAsync(web, nameof(ReaderTimeZoneTests) + "-hostile", javaScriptEnabled: false);
        var page = browser.Page;
        await WebPages.SignUpAsync(page);
        var code = await WebPages.CreateLinkAsync(page, "https://example.com/time-zone-hostile");

        foreach (var value in hostile)
        {
            await browser.Context.AddCookiesAsync([new Cookie { Name = "tz", Value = Uri.EscapeDataString(value), Url = web.ToString() }]);

            var response = await page.GotoAsync($"/links/{code}");

            Assert.Equal(200, response!.Status);
            await Expect(page.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$"));
        }
    }
}
