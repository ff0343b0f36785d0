using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// GET /{code}/qr: the QR code of a link's short URL, public like the link, as PNG or SVG of a chosen size, cacheable,
// and only while the link redirects; otherwise the same 404 or 410 as the redirect. (No click and no visit of maxVisits:
// Clicks/QrCodeClickTests, on a stack of its own.)
public sealed class QrCodeTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_png_is_the_requested_size_and_its_qr_code_reads_as_the_short_url_that_redirects()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        const string target = "https://example.com/scanned";
        var shortUrl = (await user.CreateLinkAsync(api, target, Cancellation)).GetProperty("shortUrl").GetString()!;

        foreach (var (query, size) in new[] { ("", 300), ("?size=100", 100), ("?format=png&size=257", 257), ("?size=1000", 1000) })
        {
            // The short URL's own address plus /qr: what the Web shows as the public QR URL.
            using var response = await api.GetAsync(new Uri(shortUrl + "/qr" + query), Cancellation);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
            Assert.NotNull(response.Headers.ETag);
            var png = await response.Content.ReadAsByteArrayAsync(Cancellation);
            Assert.Equal((size, size), QrCodeImages.PngHeaderSize(png));
            Assert.Equal(shortUrl, QrCodeImages.Decode(png));
        }
        using var redirect = await api.GetAsync(new Uri(shortUrl), Cancellation);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal(target, redirect.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task The_svg_is_well_formed_xml_with_an_svg_root_of_the_requested_width_and_height()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/vector", Cancellation)).GetProperty("code").GetString()!;

        using var response = await api.GetAsync($"/{code}/qr?format=svg&size=480", Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).Root!;
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Name);
        Assert.Equal("480", svg.Attribute("width")?.Value);
        Assert.Equal("480", svg.Attribute("height")?.Value);
        Assert.NotEmpty(svg.Elements(XName.Get("path", "http://www.w3.org/2000/svg")));
    }

    [Fact]
    public async Task If_None_Match_with_the_images_ETag_answers_304_without_a_body_and_each_format_and_size_has_a_tag_of_its_own()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/cached-image", Cancellation)).GetProperty("code").GetString()!;
        var tags = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var query in new[] { "", "?format=svg", "?size=301", "?format=svg&size=301" })
        {
            using var first = await api.GetAsync($"/{code}/qr{query}", Cancellation);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            tags[query] = first.Headers.ETag!;
        }
        Assert.Equal(tags.Count, tags.Values.Select(tag => tag.Tag).Distinct().Count());

        foreach (var (query, tag) in tags)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{code}/qr{query}");
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"some-other-tag\""));
            request.Headers.IfNoneMatch.Add(tag);
            using var again = await api.SendAsync(request, Cancellation);

            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync(Cancellation));
            Assert.Equal(tag, again.Headers.ETag);
            Assert.Equal("public, max-age=300", again.Headers.CacheControl?.ToString());
        }

        // Another image's tag is not this one's.
        using var other = new HttpRequestMessage(HttpMethod.Get, $"/{code}/qr");
        other.Headers.IfNoneMatch.Add(tags["?format=svg"]);
        using var drawn = await api.SendAsync(other, Cancellation);
        Assert.Equal(HttpStatusCode.OK, drawn.StatusCode);
        // Every replica gives the same image the same tag, so a cache in front of them keeps one copy.
        foreach (var (_, replica) in ApiEndpoints.EachReplica(shared.Stack))
        {
            using (replica)
            {
                using var response = await replica.GetAsync($"/{code}/qr", Cancellation);
                Assert.Equal(tags[""], response.Headers.ETag);
            }
        }
    }

    public static TheoryData<string, HttpStatusCode> NotRedirecting() => new()
    {
        { "unknown", HttpStatusCode.NotFound },
        { "deleted", HttpStatusCode.NotFound },
        { "expired", HttpStatusCode.NotFound },
        { "not yet valid", HttpStatusCode.NotFound },
        { "out of visits", HttpStatusCode.NotFound },
        { "disabled", HttpStatusCode.Gone },
    };

    [Theory]
    [MemberData(nameof(NotRedirecting))]
    public async Task A_link_that_does_not_redirect_now_has_no_qr_code_and_answers_like_its_redirect(string state, HttpStatusCode expected)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = await LinkThatIsAsync(state, user, api);

        using var redirect = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal(expected, redirect.StatusCode);
        foreach (var query in new[] { "", "?format=svg&size=500" })
        {
            // A matching tag must not turn a link that stopped redirecting into a 304 of its old image.
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{code}/qr{query}");
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
            using var problem = await api.SendAsync(request, Cancellation);

            Assert.Equal(expected, problem.StatusCode);
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
            Assert.Null(problem.Headers.ETag);
            Assert.Null(problem.Headers.CacheControl?.Public);
        }
        using var browser = new HttpRequestMessage(HttpMethod.Get, $"/{code}/qr");
        browser.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var page = await api.SendAsync(browser, Cancellation);
        Assert.Equal(expected, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected == HttpStatusCode.Gone ? "Link disabled" : "Link not found", await page.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_format_and_size_answer_400_with_a_message_for_each_field()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/refused-size", Cancellation)).GetProperty("code").GetString()!;

        using var response = await api.GetAsync($"/{code}/qr?format=gif&size=5000", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors");
        Assert.Equal("format is png or svg.", errors.GetProperty("format")[0].GetString());
        Assert.Equal("size is a whole number of pixels from 100 to 1000.", errors.GetProperty("size")[0].GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_qr_code_as_png_or_svg_with_its_format_and_size()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);

        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);

        var operation = document.GetProperty("paths").GetProperty("/{code}/qr").GetProperty("get");
        Assert.Equal(["image/png", "image/svg+xml"], operation.GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Order());
        Assert.All(["304", "400", "404", "410", "503"], status => Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), status));
        Assert.Equal(["code", "format", "size"], operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).Order());
        Assert.False(operation.TryGetProperty("security", out _));
    }

    private async Task<string> LinkThatIsAsync(string state, TestUser user, HttpClient api)
    {
        if (state == "unknown")
        {
            return "zz-no-such-qr-" + Guid.NewGuid().ToString("N")[..8];
        }
        object body = state switch
        {
            "expired" => new { url = "https://example.com/qr-expired", validUntil = "2001-01-01T00:00:00Z" },
            "not yet valid" => new { url = "https://example.com/qr-later", validSince = DateTimeOffset.UtcNow.AddDays(1).ToString("O") },
            "out of visits" => new { url = "https://example.com/qr-once", maxVisits = 1 },
            _ => new { url = "https://example.com/qr-" + state },
        };
        using var created = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", body), Cancellation);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancellation));
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString()!;
        switch (state)
        {
            case "deleted":
                using (var deleted = await api.SendAsync(user.Request(HttpMethod.Delete, $"/api/links/{code}"), Cancellation))
                {
                    Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
                }
                break;
            case "out of visits":
                using (var visit = await api.GetAsync("/" + code, Cancellation))
                {
                    Assert.Equal(HttpStatusCode.Found, visit.StatusCode);
                }
                break;
            case "disabled":
                using (var disable = new HttpRequestMessage(HttpMethod.Put, $"/api/operator/links/{code}/disabled") { Content = JsonContent.Create(new { reason = "qr test" }) })
                {
                    disable.Headers.Add("X-Operator-Key", OperatorKey());
                    using var disabled = await api.SendAsync(disable, Cancellation);
                    Assert.True(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync(Cancellation));
                }
                break;
        }
        return code;
    }

    private string OperatorKey() =>
        shared.Stack.Resources.First(r => r.Resource.Name == "api").Snapshot.EnvironmentVariables
            .FirstOrDefault(v => v.Name == "Operator__Key")?.Value
        ?? throw new InvalidOperationException("The api has no Operator__Key.");
}
