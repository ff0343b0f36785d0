using System.Net;
using System.Text.RegularExpressions;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Web;

// A stack of its own whose Web runs as deployed: the Production environment, trusting X-Forwarded-Proto the way the
// published AppHost sets it up behind Azure's ingress (WithForwardedHeadersWhenPublished). One replica of each
// service keeps it cheap.
public sealed class ProductionWebStack : IAsyncLifetime
{
    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken, builder =>
        {
            foreach (var service in new[] { "api", "worker", "web" })
            {
                builder.CreateResourceBuilder<ProjectResource>(service).WithReplicas(1);
            }
            builder.CreateResourceBuilder<ProjectResource>("web")
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
                .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        });

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

// Outside Development the Web sends HSTS on https requests (as the ingress forwards them) and marks every cookie
// Secure, even on a request that reached it over plain http.
public sealed partial class ProductionWebSecurityTests(ProductionWebStack production) : IClassFixture<ProductionWebStack>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void The_Web_runs_in_Production_here()
    {
        var web = production.Stack.Resources.Single(r => r.Resource.Name == "web");
        Assert.Equal("Production", web.Snapshot.EnvironmentVariables.Single(v => v.Name == "ASPNETCORE_ENVIRONMENT").Value);
    }

    [Fact]
    public async Task A_request_the_ingress_forwarded_as_https_gets_HSTS_and_a_plain_http_one_does_not()
    {
        using var web = Client();

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/");
        forwarded.Headers.Host = "links.example.com"; // HSTS is never sent to localhost
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        using var overHttps = await web.SendAsync(forwarded, Cancellation);

        Assert.Equal(HttpStatusCode.OK, overHttps.StatusCode);
        Assert.True(overHttps.Headers.TryGetValues("Strict-Transport-Security", out var hsts), "no HSTS on a request forwarded as https");
        Assert.StartsWith("max-age=", Assert.Single(hsts));
        Assert.True(overHttps.Headers.Contains("Content-Security-Policy"));

        using var plain = new HttpRequestMessage(HttpMethod.Get, "/");
        plain.Headers.Host = "links.example.com";
        using var overHttp = await web.SendAsync(plain, Cancellation);
        Assert.False(overHttp.Headers.Contains("Strict-Transport-Security"), "HSTS over plain http is ignored by browsers and must not be sent");
    }

    [Fact]
    public async Task The_antiforgery_and_sign_in_cookies_are_Secure_even_over_plain_http()
    {
        var user = await TestUser.SignUpAsync(production.Stack, Cancellation);
        using var web = Client();

        using var signInPage = await web.GetAsync("/sign-in", Cancellation);
        var antiforgeryCookie = Assert.Single(SetCookies(signInPage), cookie => cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("secure", Attributes(antiforgeryCookie));
        var token = AntiforgeryField().Match(await signInPage.Content.ReadAsStringAsync(Cancellation));
        Assert.True(token.Success, "/sign-in has no antiforgery token.");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["Form.Email"] = user.Email,
                ["Form.Password"] = user.Password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        using var signedIn = await web.SendAsync(post, Cancellation);

        var authCookie = Assert.Single(SetCookies(signedIn), cookie => cookie.StartsWith("links.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", Attributes(authCookie));
        Assert.Contains("httponly", Attributes(authCookie));
    }

    private HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = WebEndpoints.ThroughProxy(production.Stack) };

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    private static HashSet<string> Attributes(string setCookie) =>
        [.. setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.Split('=')[0].ToLowerInvariant())];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
