using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Telemetry;

// No password, access token, key or raw client address reaches any log or span: every service's structured
// logs and spans in the dashboard and every process's console output are scanned for them.
[Collection(DashboardTelemetryCollection.Name)]
public sealed class SecretsInTelemetryTests(TelemetryStack telemetry)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // A client address of its own on loopback, so any raw address in the output is this test's.
    private static readonly IPAddress ClientAddress = IPAddress.Parse("127.77.31.9");

    [Fact]
    public async Task A_users_password_token_and_address_appear_in_no_log_and_no_span()
    {
        var stack = telemetry.Stack;
        var email = $"scrub-{Guid.NewGuid():N}@example.com";
        var password = "scrub password " + Guid.NewGuid().ToString("N");
        var forgedToken = "forged." + Guid.NewGuid().ToString("N") + ".token";
        string token;
        var replicas = ApiEndpoints.EachReplica(stack, ClientAddress);
        try
        {
            var api = replicas[0].Client;
            using (var registered = await api.PostAsJsonAsync("/api/auth/register", new { email, password }, Cancellation))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }
            using (var wrong = await api.PostAsJsonAsync("/api/auth/token", new { email, password = password + "-wrong" }, Cancellation))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }
            token = await TestUser.SignInAsync(api, email, password, Cancellation);
            var user = new TestUser(email, password, token);
            var code = (await user.CreateLinkAsync(api, "https://example.com/scrubbed", Cancellation)).GetProperty("code").GetString()!;
            foreach (var (_, replica) in replicas)
            {
                using var redirect = await replica.GetAsync("/" + code, Cancellation);
                Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
                using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/links");
                forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forgedToken);
                using var refused = await replica.SendAsync(forged, Cancellation);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }
        }
        finally
        {
            foreach (var (_, client) in replicas)
            {
                client.Dispose();
            }
        }

        // The Web's sign-in form: the password goes through the Web to the api, the token into a cookie.
        var webPassword = "web scrub password " + Guid.NewGuid().ToString("N");
        await using (var browser = await BrowserSession.StartAsync(WebEndpoints.ThroughProxy(stack), "secrets-web-sign-up"))
        {
            await browser.Page.GotoAsync("/sign-up");
            await browser.Page.GetByLabel("Email").FillAsync($"web-scrub-{Guid.NewGuid():N}@example.com");
            await browser.Page.GetByLabel("Password").FillAsync(webPassword);
            await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            await Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = "My links" })).ToBeVisibleAsync();
        }

        // Telemetry is exported in batches about every second: a request made after everything above,
        // once in the dashboard, means what came before it has been sent too.
        using var dashboard = new DashboardTelemetry(telemetry.Dashboard);
        using var proxy = ApiEndpoints.ThroughProxy(stack);
        var marker = TraceContext.New();
        using (await proxy.SendAsync(marker.Attach(new HttpRequestMessage(HttpMethod.Get, "/no-such-link-scrub")), Cancellation))
        {
        }
        await Eventually.HoldsAsync(() => dashboard.TraceAsync(marker.TraceId, Cancellation), spans => spans.Count > 0, Timeout, "the marker request in the dashboard");

        var logs = await dashboard.LogsJsonAsync(50_000, Cancellation);
        var spans = string.Join('\n', (await dashboard.SpansAsync(50_000, Cancellation)).SelectMany(s => s.Attributes.Values.Append(s.Name)));
        var console = string.Join('\n', new[] { "api", "web", "worker" }.SelectMany(stack.LogLines));
        // The scan must have something to scan: every service's records, including this test's requests.
        Assert.Contains("\"worker\"", logs);
        Assert.Contains("/" + "api/auth/token", spans);

        var secrets = new Dictionary<string, string>
        {
            ["password"] = password,
            ["web password"] = webPassword,
            ["access token"] = token,
            ["access token signature"] = token[(token.LastIndexOf('.') + 1)..],
            ["forged token"] = forgedToken,
            ["client address"] = ClientAddress.ToString(),
            ["web forwarding key"] = ApiEndpoints.WebForwardingKey(stack),
        };
        var found = new StringBuilder();
        foreach (var (what, secret) in secrets)
        {
            foreach (var (where, text) in new[] { ("dashboard logs", logs), ("dashboard spans", spans), ("console output", console) })
            {
                var at = text.IndexOf(secret, StringComparison.Ordinal);
                if (at >= 0)
                {
                    found.AppendLine($"{what} in {where}: …{text.Substring(Math.Max(0, at - 200), Math.Min(text.Length - Math.Max(0, at - 200), 260 + secret.Length))}…");
                }
            }
        }
        Assert.True(found.Length == 0, found.ToString());
    }
}
