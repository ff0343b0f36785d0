using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Benchmarks.Load;
using Benchmarks.Report;
using Benchmarks.Seeding;
using Benchmarks.Stack;
using StackExchange.Redis;

namespace Benchmarks.Scenarios;

// The burst scenarios: many connections opened at once through the proxy, each class of requests from its
// own wrk process, while the Postgres servers' client connections are sampled.
public sealed class BurstBenchmark(BenchmarkStack stack, SeededData seeded, HarnessOptions options)
{
    public const int NewLinkConnections = 1000;

    private sealed record BurstClass(string Name, string Description, int SuccessStatus, BurstLoad Load);

    // Keeps the emails and targets this run makes apart from any other run's.
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    // One link created through the api, its Redis entry then deleted (as if it had expired), so no replica
    // has it cached: 1,000 connections open at once and GET it.
    public async Task<BurstResult> NewLinkAsync(CancellationToken cancellationToken)
    {
        var (code, target) = await CreateLinkAsync("new-link", cancellationToken);
        await DeleteCachedRedirectAsync(code);
        var before = await RedirectCounts.ReadSettledAsync(stack.ApiThroughProxy, cancellationToken);
        var burst = await RunAsync(Names.BurstNewLink,
            $"{NewLinkConnections:N0} connections opened at once, for {options.Burst.TotalSeconds:0} s, GET /{{code}} of a link just created through the api whose Redis entry was then deleted",
            [
                new("redirect the new link", "GET /{code}, Location checked", 302,
                    Load(BurstRequest.Get, NewLinkConnections, WritePaths("burst-new-link.txt", code), location: LuaPattern.Exactly(target))),
            ],
            cancellationToken);
        var after = await RedirectCounts.ReadSettledAsync(stack.ApiThroughProxy, cancellationToken);
        return burst with { Outcomes = after.Minus(before) };
    }

    // Every kind of request at once, 1,000 connections in all: redirects of hot links and of a link just
    // created (which the create put in Redis), sign-ups, link creation and stats reads.
    public async Task<BurstResult> MixedAsync(CancellationToken cancellationToken)
    {
        var (code, target) = await CreateLinkAsync("fresh-link", cancellationToken);
        return await RunAsync(Names.BurstMixed,
            $"each class from its own wrk process at the same time, for {options.Burst.TotalSeconds:0} s",
            [
                new("redirect hot links", "GET /{code}, the seeded Zipf-popular codes (in Redis), Location checked", 302,
                    Load(BurstRequest.Get, 350, seeded.PopularPaths, location: "^" + LuaPattern.Escape(SeedPlan.Target(SeedPlan.PopularPrefix)) + "%d+$")),
                new("redirect a fresh link", "GET /{code} of a link created just before, Location checked", 302,
                    Load(BurstRequest.Get, 100, WritePaths("burst-fresh-link.txt", code), location: LuaPattern.Exactly(target))),
                new("sign up", "POST /api/auth/register, a new email each time", 201,
                    Load(BurstRequest.Register, 100)),
                new("create link", "POST /api/links as the seeded account", 201,
                    Load(BurstRequest.CreateLink, 200, authorized: true)),
                new("stats", $"GET /api/links/{seeded.BusiestCode}/stats as its owner (the seeded account)", 200,
                    Load(BurstRequest.Get, 250, seeded.StatsPaths, authorized: true)),
            ],
            cancellationToken);
    }

    private async Task<BurstResult> RunAsync(string name, string description, IReadOnlyList<BurstClass> classes, CancellationToken cancellationToken)
    {
        await using var connections = await PostgresConnectionSampler.StartAsync(stack, cancellationToken);
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(classes.Select(c => BurstWrk.RunAsync(c.Load, cancellationToken)));
        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
        var (primary, replica) = await connections.StopAsync();
        return new BurstResult(name, description, seconds, [.. classes.Zip(results, Result)], primary, replica, Outcomes: null);
    }

    private static BurstClassResult Result(BurstClass burstClass, BurstWrkResult result) => new(
        burstClass.Name,
        burstClass.Description,
        burstClass.Load.Connections,
        result.Summary.Requests,
        Math.Round(result.Summary.RequestsPerSecond, 1),
        burstClass.SuccessStatus,
        new SortedDictionary<int, long>(result.StatusCounts.ToDictionary()),
        result.WrongLocations,
        result.DatabaseBusy,
        result.Summary.SocketErrors,
        LatencyMilliseconds.From(result.Summary.LatencyMicroseconds));

    private BurstLoad Load(BurstRequest request, int connections, string? paths = null, bool authorized = false, string? location = null) =>
        new(stack.ApiThroughProxy, request, connections, options.Burst, tag, paths, authorized ? seeded.AuthorizationFile : null, location);

    // The new link's code and target, as the api answered.
    private async Task<(string Code, string Target)> CreateLinkAsync(string name, CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = stack.ApiThroughProxy, Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", seeded.AccessToken);
        using var response = await api.PostAsJsonAsync("/api/links", new { url = $"https://bench.example/burst/{tag}/{name}" }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating the burst's link answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        var link = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (link.GetProperty("code").GetString()!, link.GetProperty("url").GetString()!);
    }

    // The api's redirect cache entry ("redirect:{code}", Api/Redirects/RedirectCache.cs).
    private async Task DeleteCachedRedirectAsync(string code)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.ConnectionString("cache"));
        await redis.GetDatabase().KeyDeleteAsync("redirect:" + code);
    }

    private string WritePaths(string file, string code)
    {
        var directory = Path.Combine(options.OutputDirectory, "paths");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, file);
        File.WriteAllLines(path, ["/" + code]);
        return path;
    }
}
