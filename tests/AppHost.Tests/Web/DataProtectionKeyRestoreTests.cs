using System.Xml.Linq;
using AppHost.Tests.Infrastructure;
using Microsoft.Playwright;
using StackExchange.Redis;
using static Microsoft.Playwright.Assertions;

namespace AppHost.Tests.Web;

// Redis keeps nothing across a restart here (a cache, no persistence), data-protection keys included. The
// running web replicas put back the keys they know, so a web replica that starts after that reads the same
// key ring instead of making a key of its own, and a form one replica issued still posts on the other.
[Collection(FailureDrills.Name)]
public sealed class DataProtectionKeyRestoreTests(FailureDrillStack shared)
{
    private const string KeyRing = "web:data-protection-keys";
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_Redis_lost_the_key_ring_the_replicas_put_it_back_and_a_restarted_replica_accepts_the_others_forms()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(shared.Stack.ConnectionString("cache") + ",abortConnect=false");
        var before = await KeyIdsAsync(redis);
        Assert.NotEmpty(before);

        var cache = shared.Stack.ResourceIdOf("cache");
        await shared.Stack.StopAsync(cache, Cancellation);
        await shared.Stack.StartAgainAsync(cache, Cancellation);
        await Eventually.HoldsAsync(() => KeyIdsAsync(redis), ids => ids.SetEquals(before), RestoreTimeout, "the web replicas putting the key ring back into Redis");

        var replicas = WebEndpoints.EachReplica(shared.Stack);
        Assert.Equal(2, replicas.Count);
        var restarted = replicas[1].Replica;
        shared.Stack.Crash(restarted);
        await shared.Stack.WaitUntilStoppedAsync(restarted, Cancellation);
        await shared.Stack.StartAgainAsync(restarted, Cancellation);
        var after = await KeyIdsAsync(redis);
        Assert.True(after.SetEquals(before), $"the restarted replica changed the key ring: {string.Join(", ", after)}");

        // A restarted replica can be reported healthy before its new port answers.
        replicas = await Eventually.HoldsAsync(async () =>
        {
            var now = WebEndpoints.Running(shared.Stack);
            using var probe = new HttpClient();
            foreach (var (_, url) in now)
            {
                try
                {
                    using var answer = await probe.GetAsync(new Uri(url, "/alive"), Cancellation);
                    if (!answer.IsSuccessStatusCode)
                    {
                        return [];
                    }
                }
                catch (HttpRequestException)
                {
                    return [];
                }
            }
            return now;
        }, now => now.Count == 2, RestoreTimeout, "both web replicas answering on their own ports");
        var issuing = replicas.Single(r => r.Replica != restarted).Url.GetLeftPart(UriPartial.Authority);
        var posting = replicas.Single(r => r.Replica == restarted).Url.GetLeftPart(UriPartial.Authority);
        await using var browser = await BrowserSession.StartAsync(null, nameof(DataProtectionKeyRestoreTests), bypassContentSecurityPolicy: true);
        var page = browser.Page;
        await WebPages.SignUpAsync(page, issuing);
        await page.GotoAsync(issuing + "/links");
        await page.Locator("form:has(#url)").EvaluateAsync("(form, action) => { form.action = action; form.removeAttribute('data-enhance'); }", posting + "/links");
        await page.GetByLabel("Long URL").FillAsync("https://example.com/posted-after-the-key-ring-came-back");
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten" }).ClickAsync();
        await page.WaitForURLAsync(posting + "/links");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Created ");
    }

    private static async Task<HashSet<string>> KeyIdsAsync(ConnectionMultiplexer redis)
    {
        var elements = await redis.GetDatabase().ListRangeAsync(KeyRing);
        return [.. elements.Select(e => XElement.Parse(e.ToString())).Where(e => e.Name == "key").Select(e => (string)e.Attribute("id")!)];
    }
}
