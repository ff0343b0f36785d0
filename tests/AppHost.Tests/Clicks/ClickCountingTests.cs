using System.Net;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

// Counted once the pipeline has settled (ClickPipelineSettling), so a click still on its way cannot be missed:
// a count read while clicks may still arrive proves "no fewer", never "no more".
[Collection(FailureDrills.Name)]
public sealed class ClickCountingTests(FailureDrillStack drill)
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(90);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_followed_redirect_becomes_exactly_one_click_with_its_rollups_a_preview_none_and_no_client_address_is_stored()
    {
        // One replica throughout: its click buffer sends in order, so once the last redirect's click is stored every
        // earlier one has reached the broker.
        var replica = ApiEndpoints.EachReplica(drill.Stack)[0].Client;
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(replica, "https://example.com/counted", Cancellation)).GetProperty("code").GetString()!;
        var last = (await user.CreateLinkAsync(replica, "https://example.com/counted-last", Cancellation)).GetProperty("code").GetString()!;

        for (var i = 0; i < 20; i++)
        {
            await FollowAsync(replica, HttpMethod.Get, code, "Mozilla/5.0 (X11; Linux x86_64) Chrome/120", "https://News.Example/item?id=7");
        }
        for (var i = 0; i < 5; i++)
        {
            await FollowAsync(replica, HttpMethod.Get, code, "curl/8.5.0", null);
        }
        for (var i = 0; i < 3; i++)
        {
            await FollowAsync(replica, HttpMethod.Head, code, "Slackbot-LinkExpanding 1.0", null); // a preview, not a click
        }
        await FollowAsync(replica, HttpMethod.Get, last, "curl/8.5.0", null);
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, last), count => count == 1, PipelineTimeout, "the last redirect's click stored");
        await ClickPipelineSettling.SettleAsync(drill.Stack, Cancellation);

        Assert.Equal(25, await ClickStore.ClicksAsync(drill.Stack, code));
        Assert.Equal(25, await ClickStore.TotalAsync(drill.Stack, code));
        Assert.Equal(25, await ClickStore.ScalarAsync(drill.Stack, "SELECT sum(clicks)::bigint FROM link_click_hours WHERE code = @code", ("code", code)));
        Assert.Equal(20, await ClickStore.ScalarAsync(drill.Stack, "SELECT sum(clicks)::bigint FROM link_referrer_days WHERE code = @code AND referrer_host = 'news.example'", ("code", code)));
        Assert.Equal(20, await ClickStore.ScalarAsync(drill.Stack, "SELECT sum(clicks)::bigint FROM link_agent_days WHERE code = @code AND user_agent_class = 'browser'", ("code", code)));
        Assert.Equal(5, await ClickStore.ScalarAsync(drill.Stack, "SELECT sum(clicks)::bigint FROM link_agent_days WHERE code = @code AND user_agent_class = 'bot'", ("code", code)));
        Assert.Equal(0, await ClickStore.ScalarAsync(drill.Stack, "SELECT count(*) FROM clicks c WHERE code = @code AND c::text LIKE '%127.0.0.1%'", ("code", code)));
    }

    private async Task FollowAsync(HttpClient api, HttpMethod method, string code, string userAgent, string? referrer)
    {
        using var request = new HttpRequestMessage(method, "/" + code);
        request.Headers.UserAgent.ParseAdd(userAgent);
        if (referrer is not null)
        {
            request.Headers.Referrer = new Uri(referrer);
        }
        using var response = await api.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }
}
