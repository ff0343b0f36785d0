using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Dashboard;

// GET /api/system/newest-codes, where the dashboard's redirect burst gets its codes (mapped in Development,
// the environment the test stacks run in).
public sealed class NewestCodesTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task It_lists_a_link_just_created_newest_first()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var older = (await user.CreateLinkAsync(api, "https://example.com/newest-codes-1", Cancellation)).GetProperty("code").GetString()!;
        var newer = (await user.CreateLinkAsync(api, "https://example.com/newest-codes-2", Cancellation)).GetProperty("code").GetString()!;

        // The codes are read from the replica, which may be a moment behind.
        var codes = await Eventually.HoldsAsync(
            async () => await api.GetFromJsonAsync<List<string>>("/api/system/newest-codes?count=100", Cancellation) ?? [],
            found => found.Contains(newer) && found.Contains(older),
            TimeSpan.FromSeconds(30), "both new codes listed");

        Assert.True(codes.IndexOf(newer) < codes.IndexOf(older), string.Join(",", codes));
        Assert.InRange(codes.Count, 2, 100);
    }

    [Fact]
    public async Task It_lists_only_links_that_redirect_now()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var limited = await CreateLinkAsync(api, user, new { url = "https://example.com/newest-codes-limited", maxVisits = 5 });
        var notYetValid = await CreateLinkAsync(api, user, new { url = "https://example.com/newest-codes-later", validSince = DateTime.UtcNow.AddDays(1).ToString("O") });
        var plain = (await user.CreateLinkAsync(api, "https://example.com/newest-codes-plain", Cancellation)).GetProperty("code").GetString()!;

        // Created last, so once the replica lists it, it holds the other two.
        var codes = await Eventually.HoldsAsync(
            async () => await api.GetFromJsonAsync<List<string>>("/api/system/newest-codes?count=100", Cancellation) ?? [],
            found => found.Contains(plain), TimeSpan.FromSeconds(30), "the plain link listed");

        Assert.DoesNotContain(limited, codes);
        Assert.DoesNotContain(notYetValid, codes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public async Task A_count_outside_1_to_100_is_a_400_naming_count(string count)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);

        using var response = await api.GetAsync($"/api/system/newest-codes?count={count}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("count", out _), problem.ToString());
    }

    [Fact]
    public async Task A_count_that_is_not_a_number_is_a_400()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);

        using var response = await api.GetAsync("/api/system/newest-codes?count=lots", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<string> CreateLinkAsync(HttpClient api, TestUser user, object link)
    {
        using var request = user.Request(HttpMethod.Post, "/api/links", link);
        using var response = await api.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString()!;
    }
}
