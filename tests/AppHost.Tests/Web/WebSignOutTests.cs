using System.Net;
using AppHost.Tests.Infrastructure;
using StackExchange.Redis;

namespace AppHost.Tests.Web;

// Signing out of the web revokes the api session inside the cookie (POST /api/auth/logout), so a copy of the cookie
// taken before is worth nothing afterwards.
public sealed class WebSignOutTests(SharedStack shared)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_out_of_the_web_revokes_the_api_session_it_held()
    {
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var web = WebEndpoints.EachReplica(shared.Stack)[0].Url;
        using var browser = new FormBrowser(web, SourceAddress.Random());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(user.Email, user.Password, Cancellation)).Status);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var revokedBefore = await RevokedSessionsAsync(redis);

        var signedOut = await browser.PostFormAsync("/links", "/sign-out", new Dictionary<string, string> { ["returnUrl"] = "/" }, Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Single((await RevokedSessionsAsync(redis)).Except(revokedBefore));
        using var afterwards = await browser.GetAsync("/links", Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/sign-in", afterwards.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string[]> RevokedSessionsAsync(ConnectionMultiplexer redis) =>
        [.. (await redis.GetDatabase().SortedSetRangeByRankAsync("links:revoked-sessions")).Select(member => member.ToString())];
}
