using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Imports;

public sealed class ImportTests(SharedStack shared)
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_of_good_invalid_and_duplicate_rows_completes_with_exact_counts_and_a_redelivery_changes_nothing()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var taken = "taken-" + Guid.NewGuid().ToString("N")[..8];
        await user.CreateLinkAsync(api, "https://example.com/already", Cancellation, taken);
        var custom = "imp-" + Guid.NewGuid().ToString("N")[..8];
        var csv = string.Join("\n",
            "url,code",
            "https://example.com/one,",                   // 1 good, generated code
            $"https://example.com/two,{custom}",          // 2 good, custom code
            "javascript:alert(1),",                        // 3 invalid url
            "https://example.com/four,a b",                // 4 invalid code
            $"https://example.com/five,{custom}",          // 5 duplicate of row 2's code
            $"https://example.com/six,{taken}",            // 6 code taken by an existing link
            "\"https://example.com/seven?a=1,2\",");       // 7 good, quoted comma

        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        var importId = body.GetProperty("importId").GetGuid();
        Assert.Equal($"/api/imports/{importId}", accepted.Headers.Location?.OriginalString);

        var status = await Eventually.HoldsAsync(() => StatusAsync(api, user, importId), s => s.GetProperty("status").GetString() == "completed", ImportTimeout, "the import completing");
        Assert.Equal(7, status.GetProperty("total").GetInt32());
        Assert.Equal(3, status.GetProperty("succeeded").GetInt32());
        Assert.Equal(4, status.GetProperty("failed").GetInt32());
        Assert.Equal([3, 4, 5, 6], status.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()));
        Assert.All(status.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
        var redirect = await Eventually.HoldsAsync(async () => (await api.GetAsync("/" + custom, Cancellation)).Headers.Location?.AbsoluteUri, l => l is not null, ImportTimeout, "the imported link redirecting");
        Assert.Equal("https://example.com/two", redirect);
        var linksBefore = await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM links l JOIN accounts a ON a.id = l.owner_id WHERE a.email = @email", ("email", user.Email));
        Assert.Equal(4, linksBefore);

        await ClickStore.PublishToAsync(shared.Stack, "imports", "import", $$"""{"importId":"{{importId}}"}""");

        await Eventually.HoldsAsync(
            () => ClickStore.ScalarAsync(shared.Stack, "SELECT deliveries::bigint FROM imports WHERE id = @id", ("id", importId)),
            deliveries => deliveries == 2, ImportTimeout, "the redelivered import taken up");
        Assert.Equal(linksBefore, await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM links l JOIN accounts a ON a.id = l.owner_id WHERE a.email = @email", ("email", user.Email)));
        var again = await StatusAsync(api, user, importId);
        Assert.Equal((3, 4), (again.GetProperty("succeeded").GetInt32(), again.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task A_completed_import_keeps_no_copy_of_its_file()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent("url\nhttps://example.com/file-dropped\n", Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        var importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();

        await Eventually.HoldsAsync(() => StatusAsync(api, user, importId), s => s.GetProperty("status").GetString() == "completed", ImportTimeout, "the import completing");

        Assert.Equal(0, await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM imports WHERE id = @id AND file IS NOT NULL", ("id", importId)));
    }

    [Theory]
    [InlineData("link,code\nhttps://example.com/,x", "text/csv", HttpStatusCode.BadRequest)]
    [InlineData("url\n", "text/csv", HttpStatusCode.BadRequest)]
    [InlineData("url\nhttps://example.com/", "application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(null, "text/csv", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("too many rows", "text/csv", HttpStatusCode.BadRequest)]
    public async Task A_file_with_a_wrong_envelope_is_refused_and_nothing_is_stored(string? csv, string contentType, HttpStatusCode expected)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        csv = csv switch
        {
            null => "url\n" + string.Concat(Enumerable.Repeat("https://example.com/" + new string('a', 1000) + "\n", 2100)),
            "too many rows" => "url\n" + string.Concat(Enumerable.Range(0, 10_001).Select(i => $"https://example.com/{i}\n")),
            _ => csv,
        };
        var imports = await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM imports");

        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent(csv, Encoding.UTF8, contentType);
        // As a careful client uploads: the Api can refuse an oversized file before it is sent, instead of
        // resetting a connection that is still sending.
        upload.Headers.ExpectContinue = true;
        using var response = await api.SendAsync(upload, Cancellation);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(imports, await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM imports"));
    }

    [Fact]
    public async Task Another_users_import_answers_404()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var other = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        using var upload = owner.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent("url\nhttps://example.com/mine", Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        var importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();

        using var response = await api.SendAsync(other.Request(HttpMethod.Get, $"/api/imports/{importId}"), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<JsonElement> StatusAsync(HttpClient api, TestUser user, Guid importId)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/imports/{importId}"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
