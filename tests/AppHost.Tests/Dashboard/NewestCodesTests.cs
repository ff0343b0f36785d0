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
}
