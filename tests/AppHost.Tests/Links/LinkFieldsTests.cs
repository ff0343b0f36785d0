using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// A link's title, tags, validity window, visit limit and query forwarding: set on creation, each checked
// with a message on its field, and changed by PATCH a subset at a time (left out: unchanged; null: cleared).
public sealed class LinkFieldsTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_link_created_with_every_field_returns_them_normalized_and_reads_them_back()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        using var created = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", new
        {
            url = "https://example.com/fields",
            title = "  Spring launch  ",
            tags = new[] { "Launch", "spring-2027", "launch" },
            validSince = "2027-03-01T09:00:00+01:00",
            validUntil = "2099-03-31T00:00:00.123456Z",
            maxVisits = 1000,
            forwardQuery = false,
        }), Cancellation);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var link = await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var code = link.GetProperty("code").GetString()!;
        using var read = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/links/{code}"), Cancellation);
        foreach (var body in new[] { link, await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation) })
        {
            Assert.Equal("Spring launch", body.GetProperty("title").GetString());
            Assert.Equal(["launch", "spring-2027"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal(DateTimeOffset.Parse("2027-03-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("validSince").GetDateTimeOffset());
            Assert.Equal(DateTimeOffset.Parse("2099-03-31T00:00:00.123456Z", System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("validUntil").GetDateTimeOffset());
            Assert.Equal(1000, body.GetProperty("maxVisits").GetInt64());
            Assert.False(body.GetProperty("forwardQuery").GetBoolean());
        }
    }

    [Fact]
    public async Task A_link_created_without_the_fields_has_none_and_forwards_the_query()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        var link = await user.CreateLinkAsync(api, "https://example.com/plain", Cancellation);

        Assert.Equal(JsonValueKind.Null, link.GetProperty("title").ValueKind);
        Assert.Empty(link.GetProperty("tags").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, link.GetProperty("validSince").ValueKind);
        Assert.Equal(JsonValueKind.Null, link.GetProperty("validUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, link.GetProperty("maxVisits").ValueKind);
        Assert.True(link.GetProperty("forwardQuery").GetBoolean());
    }

    public static TheoryData<string, string> InvalidFields() => new()
    {
        { """{"title":"%TITLE%"}""", "title" },
        { """{"title":"line\nbreak"}""", "title" },
        { """{"tags":["has space"]}""", "tags" },
        { """{"tags":["-leading-dash"]}""", "tags" },
        { """{"tags":["a-tag-that-is-longer-than-thirty-two"]}""", "tags" },
        { """{"tags":["a","b","c","d","e","f","g","h","i","j","k"]}""", "tags" },
        { """{"tags":[""]}""", "tags" },
        { """{"validSince":"tomorrow"}""", "validSince" },
        { """{"validSince":"2027-01-31"}""", "validSince" },
        { """{"validUntil":"2027-01-31T12:00:00"}""", "validUntil" },
        { """{"validUntil":"2027-02-30T12:00:00Z"}""", "validUntil" },
        { """{"validSince":"2027-02-01T00:00:00Z","validUntil":"2027-02-01T00:00:00Z"}""", "validUntil" },
        { """{"validSince":"2027-02-02T00:00:00Z","validUntil":"2027-02-01T00:00:00Z"}""", "validUntil" },
        { """{"maxVisits":0}""", "maxVisits" },
        { """{"maxVisits":-5}""", "maxVisits" },
        { """{"maxVisits":1000000001}""", "maxVisits" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_a_400_on_that_field_on_create_and_on_patch_and_changes_nothing(string fields, string field)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/kept", Cancellation)).GetProperty("code").GetString()!;
        fields = fields.Replace("%TITLE%", new string('t', 201), StringComparison.Ordinal);
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var create = await SendAsync(api, user, HttpMethod.Post, "/api/links", "{\"url\":\"https://example.com/new\"," + fields[1..]);
        using var patch = await SendAsync(api, user, HttpMethod.Patch, $"/api/links/{code}", fields);

        foreach (var response in new[] { create, patch })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field} in {problem}");
            Assert.NotEmpty(messages.EnumerateArray());
        }
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
    }

    [Fact]
    public async Task A_patch_changes_only_the_fields_it_sends_and_clears_those_sent_as_null()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = await CreateAsync(api, user, """
            {"url":"https://example.com/patched","title":"First","tags":["one"],"validUntil":"2099-01-01T00:00:00Z","maxVisits":10}
            """);

        var titled = await PatchAsync(api, user, code, """{"title":"Second"}""");
        Assert.Equal("Second", titled.GetProperty("title").GetString());
        Assert.Equal(["one"], titled.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(10, titled.GetProperty("maxVisits").GetInt64());
        Assert.Equal("https://example.com/patched", titled.GetProperty("url").GetString());

        var retargeted = await PatchAsync(api, user, code, """{"url":"https://example.com/moved","tags":["Two","three"],"forwardQuery":false}""");
        Assert.Equal("https://example.com/moved", retargeted.GetProperty("url").GetString());
        Assert.Equal(["two", "three"], retargeted.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(retargeted.GetProperty("forwardQuery").GetBoolean());
        Assert.Equal("Second", retargeted.GetProperty("title").GetString());

        var cleared = await PatchAsync(api, user, code, """{"title":null,"tags":null,"validUntil":null,"maxVisits":null}""");
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("title").ValueKind);
        Assert.Empty(cleared.GetProperty("tags").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("validUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("maxVisits").ValueKind);
        Assert.False(cleared.GetProperty("forwardQuery").GetBoolean());
        using var redirect = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal("https://example.com/moved", redirect.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task A_patch_whose_window_would_end_before_the_stored_start_is_a_400_on_validUntil_and_changes_nothing()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = await CreateAsync(api, user, """{"url":"https://example.com/window","validSince":"2030-01-01T00:00:00Z"}""");
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var response = await SendAsync(api, user, HttpMethod.Patch, $"/api/links/{code}", """{"validUntil":"2029-12-31T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("validUntil", out _));
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("[]", "body")]
    [InlineData("{\"url\":null}", "url")]
    [InlineData("{\"url\":\"javascript:alert(1)\"}", "url")]
    [InlineData("{\"forwardQuery\":null}", "forwardQuery")]
    [InlineData("{\"forwardQuery\":\"yes\"}", "forwardQuery")]
    [InlineData("{\"maxVisits\":\"ten\"}", "maxVisits")]
    [InlineData("{\"maxVisits\":1.5}", "maxVisits")]
    [InlineData("{\"tags\":\"one\"}", "tags")]
    [InlineData("{\"tags\":[1]}", "tags")]
    [InlineData("{\"title\":42}", "title")]
    [InlineData("{\"validSince\":20270101}", "validSince")]
    [InlineData("{\"title\":", "body")]
    public async Task A_patch_of_the_wrong_shape_is_a_400_on_its_field(string body, string field)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/shape", Cancellation)).GetProperty("code").GetString()!;

        using var response = await SendAsync(api, user, HttpMethod.Patch, $"/api/links/{code}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_patch_of_someone_elses_link_is_a_404()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var stranger = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await owner.CreateLinkAsync(api, "https://example.com/not-yours", Cancellation)).GetProperty("code").GetString()!;

        using var response = await SendAsync(api, stranger, HttpMethod.Patch, $"/api/links/{code}", """{"title":"mine now"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient api, TestUser user, HttpMethod method, string path, string body)
    {
        var request = user.Request(method, path);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return api.SendAsync(request, Cancellation);
    }

    private async Task<string> CreateAsync(HttpClient api, TestUser user, string body)
    {
        using var response = await SendAsync(api, user, HttpMethod.Post, "/api/links", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString()!;
    }

    private async Task<JsonElement> PatchAsync(HttpClient api, TestUser user, string code, string body)
    {
        using var response = await SendAsync(api, user, HttpMethod.Patch, $"/api/links/{code}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }
}
