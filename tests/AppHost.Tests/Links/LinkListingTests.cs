using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// An owner's list in each order, a page at a time, filtered by tag; the owner's tags with their counts; and
// an import that sets the new fields per row.
public sealed class LinkListingTests(SharedStack shared)
{
    private static readonly TimeSpan ClicksTimeout = TimeSpan.FromSeconds(30);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_order_lists_every_link_once_across_pages_and_a_tag_keeps_only_its_links()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var codes = new List<string>();
        // Clicks 0, 3, 1, 2, 0: most-clicked is 1, 3, 2, then the unclicked by code, descending.
        int[] clicks = [0, 3, 1, 2, 0];
        for (var i = 0; i < clicks.Length; i++)
        {
            var code = await CreateAsync(api, user, new { url = $"https://example.com/listed/{i}", tags = i % 2 == 0 ? new[] { "even" } : ["odd"] });
            codes.Add(code);
            for (var click = 0; click < clicks[i]; click++)
            {
                using var redirect = await api.GetAsync("/" + code, Cancellation);
                Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
            }
        }
        await Eventually.HoldsAsync(
            async () => (await PagesAsync(api, user, "order=most-clicked&limit=100")).Select(l => l.GetProperty("clicks").GetInt64()).Sum(),
            total => total == clicks.Sum(), ClicksTimeout, "every click in the totals");

        Assert.Equal(codes, (await PagesAsync(api, user, "order=oldest&limit=2")).Select(Code));
        Assert.Equal(Enumerable.Reverse(codes), (await PagesAsync(api, user, "limit=2")).Select(Code));
        Assert.Equal(Enumerable.Reverse(codes), (await PagesAsync(api, user, "order=newest&limit=2")).Select(Code));
        var unclicked = new[] { codes[0], codes[4] }.OrderDescending(StringComparer.Ordinal);
        Assert.Equal([codes[1], codes[3], codes[2], .. unclicked], (await PagesAsync(api, user, "order=most-clicked&limit=2")).Select(Code));
        Assert.Equal([codes[0], codes[2], codes[4]], (await PagesAsync(api, user, "tag=even&order=oldest&limit=2")).Select(Code));
        Assert.Equal([codes[3], codes[1]], (await PagesAsync(api, user, "tag=ODD&limit=1")).Select(Code));
        Assert.Empty(await PagesAsync(api, user, "tag=none"));
    }

    [Fact]
    public async Task A_cursor_of_one_order_is_a_400_in_another_and_an_unknown_order_or_malformed_tag_is_a_400()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        for (var i = 0; i < 2; i++)
        {
            await CreateAsync(api, user, new { url = $"https://example.com/cursor/{i}" });
        }
        var first = await GetAsync(api, user, "/api/links?order=oldest&limit=1");
        var cursor = first.GetProperty("nextCursor").GetString()!;

        foreach (var (query, field) in new[] { ($"order=newest&cursor={cursor}", "cursor"), ("order=random", "order"), ("tag=Not%20a%20tag", "tag") })
        {
            using var response = await api.SendAsync(user.Request(HttpMethod.Get, "/api/links?" + query), Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    [Fact]
    public async Task The_tags_endpoint_counts_the_callers_links_and_their_clicks_per_tag()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var other = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var a = await CreateAsync(api, user, new { url = "https://example.com/tags/a", tags = new[] { "news", "spring" } });
        await CreateAsync(api, user, new { url = "https://example.com/tags/b", tags = new[] { "news" } });
        await CreateAsync(api, other, new { url = "https://example.com/tags/other", tags = new[] { "news", "secret" } });
        for (var i = 0; i < 2; i++)
        {
            using var redirect = await api.GetAsync("/" + a, Cancellation);
            Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        }

        var tags = await Eventually.HoldsAsync(
            async () => (await GetAsync(api, user, "/api/tags")).EnumerateArray().Select(t => (t.GetProperty("tag").GetString(), t.GetProperty("links").GetInt64(), t.GetProperty("clicks").GetInt64())).ToList(),
            seen => seen.Sum(t => t.Item3) == 4, ClicksTimeout, "the clicks in the tag counts");

        Assert.Equal([("news", 2L, 2L), ("spring", 1L, 2L)], tags);
    }

    [Fact]
    public async Task An_import_sets_title_tags_validUntil_and_maxVisits_per_row_and_refuses_a_bad_row()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = "imf-" + Guid.NewGuid().ToString("N")[..8];
        var csv = string.Join("\n",
            "url,code,title,tags,validUntil,maxVisits",
            $"https://example.com/imported,{code},Imported link,Spring|news,2099-01-01T00:00:00Z,7",
            "https://example.com/plain-import,,,,,",
            "https://example.com/bad-import,,,has space,,",
            "https://example.com/bad-limit,,,,,many");

        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();

        var status = await Eventually.HoldsAsync(() => GetAsync(api, user, $"/api/imports/{importId}"), s => s.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(60), "the import completing");
        Assert.Equal((2, 2), (status.GetProperty("succeeded").GetInt32(), status.GetProperty("failed").GetInt32()));
        var errors = status.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3, 4], errors.Select(e => e.GetProperty("row").GetInt32()));
        Assert.Contains("tags", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("maxVisits", errors[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        var link = await GetAsync(api, user, $"/api/links/{code}");
        Assert.Equal("Imported link", link.GetProperty("title").GetString());
        Assert.Equal(["spring", "news"], link.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(DateTimeOffset.Parse("2099-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), link.GetProperty("validUntil").GetDateTimeOffset());
        Assert.Equal(7, link.GetProperty("maxVisits").GetInt64());
    }

    private static string Code(JsonElement link) => link.GetProperty("code").GetString()!;

    // Every page of the caller's list, following nextCursor (bounded).
    private async Task<List<JsonElement>> PagesAsync(HttpClient api, TestUser user, string query)
    {
        var links = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 20; page++)
        {
            var body = await GetAsync(api, user, "/api/links?" + query + (cursor is null ? "" : "&cursor=" + cursor));
            links.AddRange(body.GetProperty("items").EnumerateArray());
            cursor = body.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                return links;
            }
        }
        throw new InvalidOperationException("More than 20 pages.");
    }

    private async Task<JsonElement> GetAsync(HttpClient api, TestUser user, string path)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, path), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private async Task<string> CreateAsync(HttpClient api, TestUser user, object body)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", body), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return Code(await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation));
    }
}
