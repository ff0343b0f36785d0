using System.Net;
using System.Text.RegularExpressions;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Web;

// The browser-hardening headers on the real stack: on every kind of response the Web sends, and on the Api's HTML 404.
public sealed partial class SecurityHeadersTests(SharedStack shared)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/sign-in", HttpStatusCode.OK)]
    [InlineData("/system", HttpStatusCode.OK)]
    [InlineData("/app.css", HttpStatusCode.OK)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/Error", HttpStatusCode.OK)]
    public async Task Every_kind_of_Web_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var web = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = WebEndpoints.ThroughProxy(shared.Stack) };

        using var response = await web.GetAsync(path, Cancellation);

        Assert.Equal(status, response.StatusCode);
        var policy = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Matches("^'self' 'nonce-[A-Za-z0-9+/]{22}=='$", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["base-uri"]);
        Assert.Equal("'self'", policy["form-action"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        // Development: the local stack is plain http, and HSTS is for the deployed Web only.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_own_response_and_each_response_has_a_new_one()
    {
        using var web = new HttpClient { BaseAddress = WebEndpoints.ThroughProxy(shared.Stack) };

        var nonces = new List<string>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var response = await web.GetAsync("/", Cancellation);
            var html = await response.Content.ReadAsStringAsync(Cancellation);
            var importMap = ImportMapNonce().Match(html);
            Assert.True(importMap.Success, "the page has no import map with a nonce");
            var nonce = WebUtility.HtmlDecode(importMap.Groups["nonce"].Value);
            Assert.Contains($"'nonce-{nonce}'", Directives(Header(response, "Content-Security-Policy"))["script-src"]);
            // The import map is the page's only inline script.
            Assert.Equal(1, InlineScript().Count(html));
            nonces.Add(nonce);
        }
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [Fact]
    public async Task The_Api_s_HTML_not_found_page_forbids_everything_it_does_not_need()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-code-" + Guid.NewGuid().ToString("N")[..8]);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'none'", policy["default-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["base-uri"]);
        Assert.Equal("'none'", policy["form-action"]);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    // Exactly one: a second Content-Security-Policy header (Blazor adds one of its own by default) is a second policy.
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} ({(int)response.StatusCode}) has no {name} header.");

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");

    [GeneratedRegex("<script type=\"importmap\" nonce=\"(?<nonce>[^\"]+)\"")]
    private static partial Regex ImportMapNonce();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
