using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using StackExchange.Redis;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// Two web replicas share data-protection keys in Redis: a cookie or an antiforgery token issued by
// one is accepted by the other, so a round-robin balancer needs no sticky sessions.
public sealed class WebReplicaTests(SharedStack shared)
{
    // The race itself is forced in Web.Tests (FirstKeyCreationTests); this checks the stack's own start came out right.
    [Fact]
    public async Task Web_replicas_started_together_on_an_empty_redis_share_a_single_first_key()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache"));
        var keys = await redis.GetDatabase().ListRangeAsync("web:data-protection-keys");
        Assert.Single(keys);
    }

    [Fact]
    public async Task A_user_signed_in_on_one_web_replica_stays_signed_in_and_can_post_forms_on_the_other()
    {
        var replicas = WebEndpoints.EachReplica(shared.Stack);
        Assert.Equal(2, replicas.Count);
        var first = replicas[0].Url.GetLeftPart(UriPartial.Authority);
        var second = replicas[1].Url.GetLeftPart(UriPartial.Authority);
        await using var browser = await BrowserSession.StartAsync(null, nameof(WebReplicaTests), bypassContentSecurityPolicy: true);
        var page = browser.Page;

        var email = await WebPages.SignUpAsync(page, first);

        await page.GotoAsync(second + "/links");
        Assert.Equal(second + "/links", page.Url); // not sent to the sign-in page
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My links" })).ToBeVisibleAsync();
        await Expect(page.Locator(".site-header .who")).ToHaveTextAsync(email);

        // The form (and its antiforgery token) comes from the first replica; the post goes to the second.
        await page.GotoAsync(first + "/links");
        await page.Locator("form:has(#url)").EvaluateAsync("(form, action) => { form.action = action; form.removeAttribute('data-enhance'); }", second + "/links");
        await page.GetByLabel("Long URL").FillAsync("https://example.com/posted-to-the-other-replica");
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten" }).ClickAsync();
        await page.WaitForURLAsync(second + "/links");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Created ");
        await Expect(page.Locator("td.target", new() { HasTextString = "https://example.com/posted-to-the-other-replica" })).ToBeVisibleAsync();
    }
}
