using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AppHost.Tests.Infrastructure;
using StackExchange.Redis;

namespace AppHost.Tests.Overload;

// A stack of its own: a burst saturates both cores and opens the api's Redis breakers for a while, which the
// tests after it on the shared stack should not see.
public sealed class BurstStack : IAsyncLifetime
{
    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    // The most client connections the primary may hold: the local pools over the AppHost's replica counts, plus the reserve.
    public int PrimaryConnectionBudget { get; private set; }

    public async ValueTask InitializeAsync()
    {
        PrimaryConnectionBudget = await ConnectionBudgetTests.LocalPrimaryPoolsAsync() + ConnectionBudgetTests.Reserve;
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

// Bursts sized to saturate this 2-core machine, one class of traffic alone and all at once. However hard it gets,
// the stack answers each request with its normal answer or 503 + Retry-After (never another 5xx, never a hang),
// every redirect goes to its link's target, the primary never holds more connections than the budget allows
// (docs/deploy.md, *The connection budget*), and once the burst is over every kind of request succeeds again.
public sealed class BurstTests(BurstStack burst) : IClassFixture<BurstStack>
{
    public enum Traffic
    {
        NewLinkRedirects,
        HotRedirects,
        SignUps,
        LinkCreation,
        StatsReads,
    }

    private const int NewLinkRedirects = 400;
    private const int HotLinks = 20;
    private const int HotRedirects = 2_000;
    private const int HotConcurrency = 200;
    private const int SignUps = 150;
    private const int Creators = 5;
    private const int CreationsPerCreator = 50; // under the 60-a-minute link-creation limit of an account
    private const int StatsReads = 300;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Traffic.NewLinkRedirects)]
    [InlineData(Traffic.HotRedirects)]
    [InlineData(Traffic.SignUps)]
    [InlineData(Traffic.LinkCreation)]
    [InlineData(Traffic.StatsReads)]
    public async Task One_class_of_traffic_in_a_burst_gets_its_answer_or_503_within_the_connection_budget(Traffic traffic) =>
        await BurstAsync([traffic]);

    [Fact]
    public async Task Every_class_of_traffic_in_one_burst_gets_its_answer_or_503_within_the_connection_budget() =>
        await BurstAsync(Enum.GetValues<Traffic>());

    private async Task BurstAsync(IReadOnlyList<Traffic> classes)
    {
        var stack = burst.Stack;
        var budget = burst.PrimaryConnectionBudget;
        using var api = ApiEndpoints.ThroughProxy(stack);
        using var keepAlive = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = stack.App.GetEndpoint("api", "http") };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var prepared = new List<Func<Task<Answer>>>();
        foreach (var traffic in classes)
        {
            prepared.AddRange(await PrepareAsync(traffic, api, keepAlive));
        }

        var prepareTook = clock.Elapsed;
        var answers = new ConcurrentBag<Answer>();
        int peak;
        await using (var sampler = await PrimaryConnectionSampler.StartAsync(stack.ConnectionString("links"), Cancellation))
        {
            await Task.WhenAll(prepared.Select(async send => answers.Add(await send())));
            peak = sampler.Peak;
        }

        // Not asserted: how often a saturated machine made a replica stop trusting Redis (RedirectCache's breakers).
        var circuitsOpened = stack.LogLines("api").Count(line => line.Contains("Redirect cache circuit opened", StringComparison.Ordinal));
        var summary = string.Join("; ", answers.GroupBy(a => a.Traffic).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}: {string.Join(", ", g.GroupBy(a => a.Status).OrderBy(s => s.Key).Select(s => $"{s.Count()} × {(int)s.Key}"))}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{summary}; primary connections at peak {peak} (budget {budget}); redirect cache circuits opened so far {circuitsOpened}; prepared in {prepareTook.TotalSeconds:N1} s, burst took {(clock.Elapsed - prepareTook).TotalSeconds:N1} s");

        Assert.Equal(prepared.Count, answers.Count);
        var wrong = answers.Where(a => !a.IsExpected).Take(10).ToList();
        Assert.True(wrong.Count == 0, $"answers neither right nor 503 problem+json with Retry-After: {string.Join(", ", wrong)} ({summary})");
        Assert.True(peak <= budget, $"the primary held {peak} client connections at peak, over the budget of {budget}");

        // Once the burst is over, every kind of request succeeds again.
        foreach (var traffic in Enum.GetValues<Traffic>())
        {
            var after = await (await PrepareAsync(traffic, api, keepAlive, requests: 1)).Single()();
            Assert.True(after.IsSuccess, $"after the burst: {after}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"all done at {clock.Elapsed.TotalSeconds:N1} s");
    }

    // The requests of one class, ready to send; what they need (accounts, links) is made first, outside the burst.
    // Hot redirects reuse their connections (keepAlive), as browsers and crawlers do; the rest open one per request.
    private async Task<IReadOnlyList<Func<Task<Answer>>>> PrepareAsync(Traffic traffic, HttpClient api, HttpClient keepAlive, int? requests = null)
    {
        var stack = burst.Stack;
        switch (traffic)
        {
            case Traffic.NewLinkRedirects:
                {
                    // Created a moment ago and not in Redis (as if evicted): every replica misses at once.
                    var owner = await TestUser.SignUpAsync(stack, Cancellation);
                    var target = $"https://example.com/burst/{Guid.NewGuid():N}";
                    var code = (await owner.CreateLinkAsync(api, target, Cancellation)).GetProperty("code").GetString()!;
                    await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.ConnectionString("cache"));
                    await redis.GetDatabase().KeyDeleteAsync("redirect:" + code);
                    return Repeat(requests ?? NewLinkRedirects, _ => SendAsync(traffic, api, () => new HttpRequestMessage(HttpMethod.Get, "/" + code), HttpStatusCode.Found, target));
                }
            case Traffic.HotRedirects:
                {
                    var owner = await TestUser.SignUpAsync(stack, Cancellation);
                    var links = new List<(string Code, string Target)>();
                    for (var i = 0; i < HotLinks; i++)
                    {
                        var target = $"https://example.com/hot/{i}/{Guid.NewGuid():N}";
                        links.Add(((await owner.CreateLinkAsync(api, target, Cancellation)).GetProperty("code").GetString()!, target));
                    }
                    var slots = new SemaphoreSlim(HotConcurrency);
                    return Repeat(requests ?? HotRedirects, i => Limited(slots, () =>
                        SendAsync(traffic, keepAlive, () => new HttpRequestMessage(HttpMethod.Get, "/" + links[i % links.Count].Code), HttpStatusCode.Found, links[i % links.Count].Target)));
                }
            case Traffic.SignUps:
                {
                    // Each from a browser of its own through the web, so the per-address sign-up limit refuses none.
                    var webForwardingKey = ApiEndpoints.WebForwardingKey(stack);
                    return Repeat(requests ?? SignUps, _ => SendAsync(traffic, api, () => new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
                    {
                        Content = JsonContent.Create(new { email = $"burst-{Guid.NewGuid():N}@example.com", password = "burst password 1" }),
                    }.ForwardedFor(SourceAddress.Random(), webForwardingKey), HttpStatusCode.Created));
                }
            case Traffic.LinkCreation:
                {
                    var creators = await Task.WhenAll(Enumerable.Range(0, requests is null ? Creators : 1).Select(_ => TestUser.SignUpAsync(stack, Cancellation)));
                    return Repeat(requests ?? Creators * CreationsPerCreator, i => SendAsync(traffic, api,
                        () => creators[i % creators.Length].Request(HttpMethod.Post, "/api/links", new { url = $"https://example.com/created/{i}/{Guid.NewGuid():N}" }),
                        HttpStatusCode.Created));
                }
            case Traffic.StatsReads:
                {
                    var owner = await TestUser.SignUpAsync(stack, Cancellation);
                    var code = (await owner.CreateLinkAsync(api, "https://example.com/stats-burst", Cancellation)).GetProperty("code").GetString()!;
                    var to = DateTime.UtcNow;
                    // A window of its own per request, so each one misses the stats cache and reads the rollups.
                    return Repeat(requests ?? StatsReads, i => SendAsync(traffic, api, () => owner.Request(HttpMethod.Get,
                        $"/api/links/{code}/stats?interval=hour&to={Iso(to)}&from={Iso(to.AddMinutes(-60 - i))}"), HttpStatusCode.OK));
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(traffic));
        }
    }

    private static string Iso(DateTime time) => Uri.EscapeDataString(time.ToString("O", CultureInfo.InvariantCulture));

    private static List<Func<Task<Answer>>> Repeat(int count, Func<int, Task<Answer>> send) =>
        [.. Enumerable.Range(0, count).Select(i => (Func<Task<Answer>>)(() => send(i)))];

    private static async Task<Answer> Limited(SemaphoreSlim slots, Func<Task<Answer>> send)
    {
        await slots.WaitAsync(Cancellation);
        try
        {
            return await send();
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task<Answer> SendAsync(Traffic traffic, HttpClient api, Func<HttpRequestMessage> request, HttpStatusCode success, string? location = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(RequestTimeout);
        using var message = request();
        using var response = await api.SendAsync(message, timeout.Token);
        return new Answer(traffic, response.StatusCode, success, response.Headers.Location?.ToString(), location,
            (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds, response.Content.Headers.ContentType?.MediaType);
    }

    private sealed record Answer(Traffic Traffic, HttpStatusCode Status, HttpStatusCode Success, string? Location, string? ExpectedLocation, int? RetryAfter, string? ContentType)
    {
        public bool IsSuccess => Status == Success && (ExpectedLocation is null || Location == ExpectedLocation);

        public bool IsExpected => IsSuccess
            || this is { Status: HttpStatusCode.ServiceUnavailable, RetryAfter: > 0, ContentType: "application/problem+json" };
    }
}
