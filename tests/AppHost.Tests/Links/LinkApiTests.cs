using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

public sealed class LinkApiTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_link_has_a_generated_code_a_short_url_on_the_api_and_a_location_and_unknown_fields_are_ignored()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        using var request = user.Request(HttpMethod.Post, "/api/links", new { url = "https://EXAMPLE.com/some/path?q=1", ownerId = Guid.NewGuid(), version = 99 });
        using var response = await api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var link = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var code = link.GetProperty("code").GetString()!;
        Assert.Matches("^[A-Za-z0-9]{7}$", code);
        Assert.Equal("https://example.com/some/path?q=1", link.GetProperty("url").GetString());
        Assert.Equal(new Uri(api.BaseAddress!, code).AbsoluteUri, link.GetProperty("shortUrl").GetString());
        Assert.Equal($"/api/links/{code}", response.Headers.Location?.OriginalString);
        Assert.Equal(0, link.GetProperty("clicks").GetInt64());
    }

    [Fact]
    public async Task Get_and_head_of_a_short_link_redirect_with_302_and_an_empty_body_of_stated_length_and_unknown_codes_answer_404_as_html_or_problem()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/target", Cancellation)).GetProperty("code").GetString()!;

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var redirect = await api.SendAsync(new HttpRequestMessage(method, "/" + code), Cancellation);
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
            Assert.Equal("https://example.com/target", redirect.Headers.Location?.AbsoluteUri);
            // A HEAD says what the GET would: without it, a client cannot tell where the empty response ends.
            Assert.Equal(0, redirect.Content.Headers.ContentLength);
        }

        using var browser = new HttpRequestMessage(HttpMethod.Get, "/no-such-code-" + Guid.NewGuid().ToString("N")[..8]);
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var page = await api.SendAsync(browser, Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        using var problem = await api.GetAsync("/no-such-code-" + Guid.NewGuid().ToString("N")[..8], Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_custom_code_is_taken_once_and_stays_taken_after_its_link_is_deleted()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = "custom-" + Guid.NewGuid().ToString("N")[..10];
        await user.CreateLinkAsync(api, "https://example.com/first", Cancellation, code);

        using var taken = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", new { url = "https://example.com/second", code }), Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);

        using var deleted = await api.SendAsync(user.Request(HttpMethod.Delete, $"/api/links/{code}"), Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var stillTaken = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", new { url = "https://example.com/third", code }), Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, stillTaken.StatusCode);
        Assert.Equal("Short code already taken", (await stillTaken.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_a_cursor_and_finds_links_by_search_text()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await user.CreateLinkAsync(api, $"https://example.com/page-{i}?tag=100%25_sure", Cancellation)).GetProperty("code").GetString()!);
        }
        await user.CreateLinkAsync(api, "https://other.example/unrelated", Cancellation);

        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var path = "/api/links?limit=3&q=" + Uri.EscapeDataString("100%25_sure") + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await api.SendAsync(user.Request(HttpMethod.Get, path), Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList();
            Assert.InRange(items.Count, 1, 3);
            seen.AddRange(items);
            cursor = body.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                break;
            }
        }

        Assert.Null(cursor);
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task An_owner_reads_updates_and_deletes_a_link_and_the_redirect_follows_each_change()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/before", Cancellation)).GetProperty("code").GetString()!;

        using var read = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/links/{code}"), Cancellation);
        Assert.Equal("https://example.com/before", (await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("url").GetString());

        using var updated = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/after" }), Cancellation);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("https://example.com/after", (await updated.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("url").GetString());
        using var redirect = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal("https://example.com/after", redirect.Headers.Location?.AbsoluteUri);

        using var deleted = await api.SendAsync(user.Request(HttpMethod.Delete, $"/api/links/{code}"), Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var readGone = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/links/{code}"), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, readGone.StatusCode);
    }

    [Fact]
    public async Task Every_endpoint_is_described_in_the_openapi_document()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);

        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);

        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateObject().Select(o => o.Name).ToHashSet());
        Assert.Equal(["post"], paths["/api/auth/register"]);
        Assert.Equal(["post"], paths["/api/auth/token"]);
        Assert.Equal(["get", "post"], paths["/api/links"].Order());
        Assert.Equal(["delete", "get", "patch", "put"], paths["/api/links/{code}"].Order());
        Assert.Equal(["get"], paths["/api/tags"]);
        var linkSchema = document.GetProperty("components").GetProperty("schemas").GetProperty("LinkResponse").GetProperty("properties");
        Assert.All(["title", "tags", "validSince", "validUntil", "maxVisits", "forwardQuery"], field => Assert.True(linkSchema.TryGetProperty(field, out _), field));
        var createSchema = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateLinkRequest").GetProperty("properties");
        Assert.All(["title", "tags", "validSince", "validUntil", "maxVisits", "forwardQuery"], field => Assert.True(createSchema.TryGetProperty(field, out _), field));
        Assert.True(document.GetProperty("paths").GetProperty("/api/links/{code}").GetProperty("patch").TryGetProperty("requestBody", out _));
        var listParameters = document.GetProperty("paths").GetProperty("/api/links").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Contains("tag", listParameters);
        Assert.Contains("order", listParameters);
        Assert.Equal(["get", "head"], paths["/{code}"].Order());
        Assert.Equal(["get"], paths["/api/system/traffic"]);
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("paths").GetProperty("/api/links").GetProperty("post").TryGetProperty("security", out _));
        Assert.False(document.GetProperty("paths").GetProperty("/{code}").GetProperty("get").TryGetProperty("security", out _));
        // Load-shed endpoints say they may answer 503; a redirect only for a link with maxVisits while Redis cannot count its visits.
        Assert.True(document.GetProperty("paths").GetProperty("/api/auth/register").GetProperty("post").GetProperty("responses").TryGetProperty("503", out _));
        var stats = document.GetProperty("paths").GetProperty("/api/links/{code}/stats").GetProperty("get");
        var excludeBots = stats.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "excludeBots");
        Assert.Contains("bot", excludeBots.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("UTC day", stats.GetProperty("description").GetString(), StringComparison.Ordinal);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("LinkStats").GetProperty("properties").TryGetProperty("uniqueVisitors", out _));
        Assert.True(schemas.GetProperty("ClickBucket").GetProperty("properties").TryGetProperty("uniqueVisitors", out _));
    }
}
