using Microsoft.Playwright;

namespace AppHost.Tests.Infrastructure;

// Debian's Chromium driven by Playwright, headless, never a downloaded browser. Every session ends
// with a screenshot of its page, attached to the test result (the test platform writes it under TestResults/).
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly string name;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, string name)
    {
        this.playwright = playwright;
        this.browser = browser;
        this.name = name;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    // bypassContentSecurityPolicy: only for a test that must post from one web replica's port to another's, two origins
    // the Web's policy (form-action 'self') rightly refuses; behind the proxy, as users see it, they are one origin.
    // timeZone: the IANA zone the page's scripts see (Chromium's own otherwise); javaScriptEnabled: false for a browser
    // that only follows links and posts forms.
    public static async Task<BrowserSession> StartAsync(
        Uri? baseUrl, string name, bool bypassContentSecurityPolicy = false, string? timeZone = null, bool javaScriptEnabled = true)
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine has no internet: keep Chromium from reaching for Google's services at start.
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl?.ToString(),
            BypassCSP = bypassContentSecurityPolicy,
            TimezoneId = timeZone,
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(playwright, browser, context, page, name);
    }

    // A new context in the same browser with this session's cookies: its own connections, so the
    // orchestrator's proxy (which balances connections, not requests) may send it to another replica.
    public async Task<IBrowserContext> NewContextWithSameCookiesAsync(Uri baseUrl)
    {
        var state = await Context.StorageStateAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), StorageState = state, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    public async Task ScreenshotAsync(string fileName)
    {
        var image = await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        TestContext.Current.AddAttachment(fileName + ".png", image, "image/png");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ScreenshotAsync(name);
        }
        catch (PlaywrightException)
        {
            // The page may already be gone; the test's own failure says more.
        }
        await Context.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
