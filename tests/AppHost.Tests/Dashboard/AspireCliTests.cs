using System.Text.RegularExpressions;
using AppHost.Tests.Deployment;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AppHost.Tests.Dashboard;

// The README's run command, ./scripts/run.sh, which runs the stack through the Aspire CLI pinned in
// .config/dotnet-tools.json. Each test starts its own run; `aspire run` stops a running instance of the same
// AppHost, so these never run side by side (one class: its tests run one after another).
public sealed partial class AspireCliTests
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_CLI_finds_the_AppHost_runs_every_resource_without_asking_anything_and_Ctrl_C_leaves_no_process_behind()
    {
        await using var run = await AspireCliRun.StartAsync(Cancellation);

        var resources = await run.WaitUntilEveryResourceRunsAsync(Cancellation);

        // It found AppHost/AppHost.csproj through aspire.config.json, asked nothing (its input is closed), and the
        // whole stack came up: three api replicas, two web and two worker, the servers, the finished migrations.
        Assert.Contains("AppHost/AppHost.csproj", run.Output);
        Assert.Equal(3, resources.All.Count(r => r.DisplayName == "api"));
        Assert.Equal(2, resources.All.Count(r => r.DisplayName == "web"));
        Assert.Equal(2, resources.All.Count(r => r.DisplayName == "worker"));
        Assert.Contains(resources.All, r => r.DisplayName == "migrations" && r.State == "Finished");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var apiUrl = resources.All.First(r => r.DisplayName == "api").Urls.First(url => url.StartsWith("http://", StringComparison.Ordinal));
        await Eventually.HoldsAsync(
            () => HealthAsync(http, new Uri(new Uri(apiUrl), "/health")),
            health => health == "Healthy",
            AspireCliRun.StartTimeout,
            "the api answering /health with Healthy");

        var processes = run.Processes();
        Assert.Contains(processes, p => p.Command == "dcp");
        Assert.Contains(processes, p => p.Command == "postgres");
        Assert.Contains(processes, p => p.Command == "redis-server");
        Assert.Contains(processes, p => p.Command == "beam.smp");
        Assert.Contains(processes, p => p.Command == "Api");

        var exitCode = await run.StopWithCtrlCAsync();

        Assert.Equal(0, exitCode);
        var left = await Eventually.HoldsAsync(
            () => Task.FromResult(string.Join(", ", processes.Where(p => p.IsAlive))),
            alive => alive.Length == 0,
            TimeSpan.FromSeconds(60),
            "every process of the run ending after Ctrl+C");
        Assert.Empty(left);
    }

    [Fact]
    public async Task The_dashboard_it_opens_shows_no_development_certificate_banner()
    {
        await using var run = await AspireCliRun.StartAsync(Cancellation);
        await run.WaitUntilEveryResourceRunsAsync(Cancellation);

        await using var browser = await BrowserSession.StartAsync(null, "dashboard-started-by-run-sh");
        await browser.Page.GotoAsync(run.LoginUrl.ToString());
        // The resources page, signed in by the URL's token, with every resource listed.
        await Assertions.Expect(browser.Page).ToHaveURLAsync(new Regex("/$|/\\?"));
        await Assertions.Expect(browser.Page.GetByText(new Regex("^worker")).First).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByText(new Regex("^web")).First).ToBeVisibleAsync();

        await Assertions.Expect(browser.Page.GetByText(DevelopmentCertificate())).ToHaveCountAsync(0);
        var screenshot = await browser.Page.ScreenshotAsync();
        await File.WriteAllBytesAsync(RepositoryRoot.Combine("docs", "images", "dashboard.png"), screenshot, Cancellation);
    }

    private async Task<string> HealthAsync(HttpClient http, Uri health)
    {
        try
        {
            return await http.GetStringAsync(health, Cancellation);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !Cancellation.IsCancellationRequested)
        {
            return error.Message;
        }
    }

    // Both of the dashboard's certificate banners: "No trusted development certificate" and "Development certificate not fully trusted".
    [GeneratedRegex("development certificate", RegexOptions.IgnoreCase)]
    private static partial Regex DevelopmentCertificate();
}
