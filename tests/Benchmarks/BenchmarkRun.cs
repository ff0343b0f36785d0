using System.Diagnostics;
using Benchmarks.Ceiling;
using Benchmarks.Load;
using Benchmarks.Pipeline;
using Benchmarks.Profiling;
using Benchmarks.Report;
using Benchmarks.Scenarios;
using Benchmarks.Seeding;
using Benchmarks.Stack;

namespace Benchmarks;

// The benchmark: ceiling, scenarios, replica scaling, import, Worker ingestion, bursts; then the report.
public static class BenchmarkRun
{
    private const int Connections = 64;

    public static async Task<int> RunAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        var machine = MachineInfo.Read();
        var log = Stopwatch.StartNew();
        void Say(string message) => Console.WriteLine($"[{log.Elapsed:mm\\:ss}] {message}");

        Say("starting the bare Kestrel ceiling and the stack (process runtime)");
        await using var ceiling = await BareKestrel.StartAsync(cancellationToken);
        await using var stack = await BenchmarkStack.StartAsync(cancellationToken);
        await using var sampler = new PipelineSampler(stack);
        sampler.Start();

        var plan = options.Smoke ? SeedPlan.Smoke : SeedPlan.Full;
        Say($"seeding {plan.PopularLinks:N0} popular and {plan.ColdLinks:N0} cold links");
        sampler.Mark("seed");
        var seeded = await LinkSeed.RunAsync(stack, plan, Path.Combine(options.OutputDirectory, "paths"), cancellationToken);
        Say($"warming the cache with the {seeded.PopularCodesDrawn.Count:N0} popular codes the load will ask for");
        sampler.Mark("warm cache");
        await CacheWarmUp.RunAsync(stack.ApiThroughProxy, seeded.PopularCodesDrawn, cancellationToken);

        var runner = new ScenarioRunner(stack, options);
        var lastLoadEnded = DateTime.UtcNow;
        var scenarios = new List<ScenarioResult>();
        var drains = new List<LoadDrain>();
        var ingestionBenchmark = new IngestionBenchmark(stack, sampler);
        WrkLoad Load(Uri target, string paths, string method = "GET", bool authorized = false, int connections = Connections, int delay = 0) =>
            new(target, paths, options.Measure, connections, method, authorized ? seeded.AuthorizationFile : null, delay);

        async Task<ScenarioResult> MeasureAsync(string name, string description, string target, WrkLoad load, bool warmUp, bool redirects, double? ceilingRate)
        {
            Say($"{name}: {description}");
            sampler.Mark(name);
            var (result, cpu, outcomes, redisLookups, ended) = await runner.RunAsync(load, warmUp, redirects, cancellationToken);
            lastLoadEnded = ended;
            var scenario = ScenarioResult.From(name, description, target, load, result, ceilingRate, outcomes, redisLookups, cpu);
            Say($"  {scenario.RequestsPerSecond:N0}/s, p50 {scenario.Latency.P50} ms, p99 {scenario.Latency.P99} ms, unexpected status {scenario.UnexpectedStatus}, socket errors {scenario.SocketErrors}");
            scenarios.Add(scenario);
            return scenario;
        }

        var bare = await MeasureAsync(Names.Ceiling, "Kestrel answering 302 to any path, nothing else", "in-process Kestrel", Load(ceiling.Url, seeded.PopularPaths), warmUp: true, redirects: false, ceilingRate: null);
        var ceilingRate = bare.RequestsPerSecond;

        var hit = await MeasureAsync(Names.RedirectHit, "GET /{code}, Zipf-popular seeded codes, all in Redis", "api ×3 via proxy", Load(stack.ApiThroughProxy, seeded.PopularPaths), warmUp: true, redirects: true, ceilingRate);
        drains.Add(await DrainAfterLoadAsync(Names.RedirectHit, lastLoadEnded, sampler, ingestionBenchmark, cancellationToken));

        await MeasureAsync(Names.RedirectHitHead, "as the cache-hit run with HEAD, which records no click: the click pipeline's share of a redirect", "api ×3 via proxy",
            Load(stack.ApiThroughProxy, seeded.PopularPaths, method: "HEAD"), warmUp: false, redirects: true, ceilingRate);

        var halfRate = hit.RequestsPerSecond / 2;
        const int pause = 20; // ms between one connection's requests
        var paced = await PacedConnectionsAsync(Load(stack.ApiThroughProxy, seeded.PopularPaths), halfRate, pause, cancellationToken);
        await MeasureAsync(Names.RedirectHitHalfRate, $"as {Names.RedirectHit}, paced to about {halfRate:N0}/s ({paced} connections, {pause} ms apart)", "api ×3 via proxy",
            Load(stack.ApiThroughProxy, seeded.PopularPaths, connections: paced, delay: pause), warmUp: false, redirects: true, ceilingRate);

        var firstReplica = stack.Instances("api")[0];
        await MeasureAsync(Names.RedirectHitOneReplicaDirect, "as the cache-hit run, straight to one replica's own port", "api ×1 direct",
            Load(stack.ReplicaUrl(firstReplica), seeded.PopularPaths), warmUp: true, redirects: true, ceilingRate);

        await MeasureAsync(Names.RedirectMiss, "GET /{code}, every code requested once: Redis miss, replica read, cache fill", "api ×3 via proxy",
            Load(stack.ApiThroughProxy, seeded.ColdPaths), warmUp: false, redirects: true, ceilingRate);
        await MeasureAsync(Names.RedirectUnknown, "GET /{code} for codes that do not exist (404, negative cache)", "api ×3 via proxy",
            Load(stack.ApiThroughProxy, seeded.UnknownPaths), warmUp: true, redirects: true, ceilingRate);
        await MeasureAsync(Names.CreateLink, "POST /api/links, one account, generated codes", "api ×3 via proxy",
            Load(stack.ApiThroughProxy, seeded.CreatePaths, method: "POST", authorized: true), warmUp: true, redirects: false, ceilingRate: null);
        await MeasureAsync(Names.ListLinks, "GET /api/links?limit=20, an account with every seeded link", "api ×3 via proxy",
            Load(stack.ApiThroughProxy, seeded.ListPaths, authorized: true), warmUp: true, redirects: false, ceilingRate: null);
        await MeasureAsync(Names.Analytics, $"GET /api/links/{seeded.BusiestCode}/stats, the busiest link", "api ×3 via proxy",
            Load(stack.ApiThroughProxy, seeded.StatsPaths, authorized: true), warmUp: true, redirects: false, ceilingRate: null);

        CpuProfile? profile = null;
        if (options.Profile)
        {
            Say($"profile: one api replica sampled through EventPipe for {options.ProfileDuration.TotalSeconds:0} s of the {Names.RedirectHit} load");
            sampler.Mark("profile");
            profile = await RedirectProfile.RunAsync(stack, Names.RedirectHit, Load(stack.ApiThroughProxy, seeded.PopularPaths) with { Duration = options.ProfileDuration }, options.OutputDirectory, cancellationToken);
            Say($"  {profile.Samples:N0} thread samples, {profile.ManagedSamples:N0} in managed code; top: {string.Join(", ", profile.TopExclusive.Take(3).Select(f => $"{f.Method} {f.Percent}%"))}");
        }

        Say($"bulk import of {plan.ImportRows:N0} rows");
        sampler.Mark("import");
        var import = await ImportBenchmark.RunAsync(stack, seeded.AccessToken, plan.ImportRows, cancellationToken);
        Say($"  {import.Status} in {import.SecondsToCompleted} s ({import.RowsPerSecond:N0} rows/s)");

        var scaling = await ScalingAsync(stack, sampler, runner, Load(stack.ApiThroughProxy, seeded.PopularPaths), ceilingRate, Say, cancellationToken);

        var ingestion = new List<IngestionResult>();
        var workers = stack.AllInstances("worker");
        var backlog = Load(stack.ApiThroughProxy, seeded.PopularPaths) with { Duration = options.Smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10) };
        foreach (var (configuration, instances, batchSize, window) in new (string, IReadOnlyList<string>, int, TimeSpan?)[]
        {
            ("batched (500 per transaction), 1 Worker", [workers[0]], 500, null),
            ("batched (500 per transaction), 2 Workers", workers, 500, null),
            ("one message per transaction, 1 Worker", stack.AllInstances(BenchmarkStack.BaselineWorker), 1, options.Smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(20)),
        })
        {
            Say($"Worker ingestion: {configuration}");
            var result = await ingestionBenchmark.RunAsync(configuration, instances, batchSize, backlog, window, cancellationToken);
            Say($"  backlog {result.Backlog:N0}, {result.RowsCommitted:N0} rows in {result.Seconds} s = {result.RowsPerSecond:N0} rows/s");
            ingestion.Add(result);
        }
        foreach (var worker in workers)
        {
            await stack.StartAsync(worker, cancellationToken);
        }

        // Last, so what a burst leaves behind (a click backlog, thousands of accounts) touches no other measurement.
        var budget = ConnectionBudget.Of(stack);
        var burstBenchmark = new BurstBenchmark(stack, seeded, options);
        var bursts = new List<BurstResult>();
        foreach (var (name, run) in new (string, Func<CancellationToken, Task<BurstResult>>)[]
        {
            (Names.BurstNewLink, burstBenchmark.NewLinkAsync),
            (Names.BurstMixed, burstBenchmark.MixedAsync),
        })
        {
            Say($"{name}");
            sampler.Mark(name);
            var burst = await run(cancellationToken);
            foreach (var c in burst.Classes)
            {
                Say($"  {c.Name}: {c.Requests:N0} answers ({string.Join(", ", c.StatusCounts.Select(s => $"{s.Key}: {s.Value:N0}"))}), 503s saying database busy {c.DatabaseBusy}, wrong Location {c.WrongLocations}, socket errors {c.SocketErrors}, p99 {c.Latency.P99} ms");
            }
            Say($"  Postgres client connections at peak: primary {burst.Primary.Peak}, replica {burst.Replica.Peak} (budget {budget.Primary}, {budget.Replica})");
            bursts.Add(burst);
        }
        if (bursts.Any(b => b.Classes.Any(c => c.ServerErrorsOtherThan503 > 0)))
        {
            var apiLog = Path.Combine(options.OutputDirectory, "api-log.txt");
            await File.WriteAllLinesAsync(apiLog, stack.Stack.LogLines("api"), cancellationToken);
            Say($"  a burst was answered a 5xx other than 503: the api replicas' last log lines are in {apiLog}");
        }
        sampler.Mark("end");

        var report = new BenchmarkReport(
            options.Smoke ? "smoke" : "full",
            machine,
            "Release build; process runtime; api ×3, worker ×2, web ×2 as Production (trace sampling 0.1); link-creation limit lifted; wrk 4.1 with 2 threads on the same machine",
            scenarios,
            scaling,
            import,
            ingestion,
            drains,
            budget,
            bursts,
            sampler.Samples,
            [.. sampler.Phases.Select(p => new PhaseMark(Math.Round(p.Seconds, 1), p.Phase))],
            Targets.Check(scenarios, ingestion),
            profile);
        await ReportWriter.WriteAsync(report, options.OutputDirectory, cancellationToken);
        Say($"report written to {options.OutputDirectory}");
        return HarnessChecks.Failures(report) is { Count: > 0 } failures
            ? Fail(failures)
            : 0;
    }

    private static int Fail(IReadOnlyList<string> failures)
    {
        foreach (var failure in failures)
        {
            Console.Error.WriteLine($"harness check failed: {failure}");
        }
        return 1;
    }

    // wrk has no fixed-rate mode; each connection waits `pause` ms between requests, so the rate is
    // connections / (pause + latency). One short run with as many connections as the pause alone asks for
    // measures the latency's share; the measured run then uses proportionally more connections.
    private static async Task<int> PacedConnectionsAsync(WrkLoad load, double rate, int pause, CancellationToken cancellationToken)
    {
        var first = Math.Max(2, (int)Math.Round(rate * pause / 1000));
        var trial = await Wrk.RunAsync(load with { Connections = first, DelayMilliseconds = pause, Duration = TimeSpan.FromSeconds(3) }, cancellationToken);
        return Math.Clamp((int)Math.Round(first * rate / Math.Max(1, trial.RequestsPerSecond)), 2, 2000);
    }

    // After a redirect run: the largest backlog during it, and how long the Workers took to store the last click.
    private static async Task<LoadDrain> DrainAfterLoadAsync(string scenario, DateTime loadEnded, PipelineSampler sampler, IngestionBenchmark ingestion, CancellationToken cancellationToken)
    {
        var phaseStart = sampler.Phases.Last(p => p.Phase == scenario).Seconds;
        var clock = Stopwatch.StartNew();
        long previous = -1;
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            var inserted = await ingestion.InsertedAsync(cancellationToken);
            if (await ingestion.DepthAsync(cancellationToken) == 0 && inserted == previous)
            {
                break;
            }
            previous = inserted;
            await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        }
        var lastCommit = await ingestion.LastCommitAsync(cancellationToken) ?? loadEnded;
        var maxDepth = sampler.Samples.Where(s => s.Seconds >= phaseStart).Select(s => s.QueueMessages).DefaultIfEmpty(0).Max();
        return new LoadDrain(scenario, maxDepth, Math.Round(Math.Max(0, (lastCommit - loadEnded).TotalSeconds), 2));
    }

    // The cache-hit run again with 3, 2 and 1 api replicas behind the proxy (replicas killed one by one, then started again).
    private static async Task<IReadOnlyList<ScalingPoint>> ScalingAsync(BenchmarkStack stack, PipelineSampler sampler, ScenarioRunner runner, WrkLoad load, double ceilingRate, Action<string> say, CancellationToken cancellationToken)
    {
        var replicas = stack.Instances("api");
        var points = new List<ScalingPoint>();
        for (var running = replicas.Count; running >= 1; running--)
        {
            if (running < replicas.Count)
            {
                await stack.KillAsync(replicas[running], cancellationToken);
            }
            say($"scaling: redirect cache hit with {running} api replica(s)");
            sampler.Mark($"scaling ×{running}");
            var (result, _, _, _, _) = await runner.RunAsync(load, warmUp: true, countRedirects: false, cancellationToken);
            var point = new ScalingPoint(running, Math.Round(result.RequestsPerSecond, 1), Math.Round(result.RequestsPerSecond / ceilingRate, 3), LatencyMilliseconds.From(result.LatencyMicroseconds), result.StatusErrors, result.SocketErrors);
            say($"  {point.RequestsPerSecond:N0}/s, p99 {point.Latency.P99} ms");
            points.Add(point);
        }
        foreach (var replica in replicas.Skip(1))
        {
            await stack.StartAsync(replica, cancellationToken);
        }
        return points;
    }
}
