using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// The shared stack's api and worker refuse SharedStack.BlockedHost and its subdomains (ShortLinks:BlockedHosts): at
// create and edit a 400 naming the url field that changes nothing, in an import a failed row beside the stored ones.
public sealed class BlockedHostTests(SharedStack shared)
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https://" + SharedStack.BlockedHost + "/login")]
    [InlineData("https://accounts." + SharedStack.BlockedHost + "/login")]
    [InlineData("http://WWW." + SharedStack.BlockedHost + "./")]
    public async Task Creating_or_editing_a_link_to_a_blocked_host_is_a_400_on_the_url_and_changes_nothing(string url)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/before-the-edit", Cancellation)).GetProperty("code").GetString()!;
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var created = await api.SendAsync(user.Request(HttpMethod.Post, "/api/links", new { url }), Cancellation);
        using var edited = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url }), Cancellation);

        foreach (var response in new[] { created, edited })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Contains(SharedStack.BlockedHost, problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
        using var redirect = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal("https://example.com/before-the-edit", redirect.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task A_host_that_only_ends_with_the_same_letters_is_not_blocked()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        await user.CreateLinkAsync(api, "https://not" + SharedStack.BlockedHost + "/", Cancellation);
    }

    [Fact]
    public async Task An_imported_row_to_a_blocked_host_fails_alone()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var csv = string.Join("\n", "url", "https://example.com/imported-beside-a-blocked-row", $"https://mail.{SharedStack.BlockedHost}/", "https://example.com/after-it");

        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();

        var status = await Eventually.HoldsAsync(async () =>
        {
            using var response = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/imports/{importId}"), Cancellation);
            return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        }, s => s.GetProperty("status").GetString() == "completed", ImportTimeout, "the import completing");
        Assert.Equal((2, 1), (status.GetProperty("succeeded").GetInt32(), status.GetProperty("failed").GetInt32()));
        var error = Assert.Single(status.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Contains(SharedStack.BlockedHost, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
