using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Benchmarks.Drills;

// A steady redirect load on one code: a few loops, each paced to its share of a modest total rate,
// counting what the client sees. Stopping lets the requests in flight finish (the resilience handler
// bounds them), so every request sent ends up confirmed or failed.
public sealed class RedirectLoad
{
    public const int Loops = 8;
    public const double RequestsPerSecond = 200;
    private static readonly TimeSpan InFlightLimit = TimeSpan.FromSeconds(40);

    private readonly RedirectClient client;
    private readonly string code;
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenSource abandoning = new();
    private readonly ConcurrentDictionary<string, long> failures = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly long attemptsBefore;
    private readonly Task[] loops;
    private long sent;
    private long confirmed;
    private long lastConfirmedTicks;
    private long longestGapTicks;

    private RedirectLoad(RedirectClient client, string code)
    {
        this.client = client;
        this.code = code;
        attemptsBefore = client.Attempts;
        var interval = TimeSpan.FromSeconds(Loops / RequestsPerSecond);
        loops = [.. Enumerable.Range(0, Loops).Select(_ => Task.Run(() => LoopAsync(interval)))];
    }

    public static RedirectLoad Start(RedirectClient client, string code) => new(client, code);

    public long Confirmed => Interlocked.Read(ref confirmed);

    public async Task<LoadCounts> StopAsync()
    {
        await stopping.CancelAsync();
        abandoning.CancelAfter(InFlightLimit);
        await Task.WhenAll(loops);
        stopping.Dispose();
        abandoning.Dispose();
        var sentTotal = Interlocked.Read(ref sent);
        return new LoadCounts(
            sentTotal,
            Confirmed,
            failures.Values.Sum(),
            client.Attempts - attemptsBefore - sentTotal,
            Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref longestGapTicks)).TotalSeconds, 2),
            failures.OrderByDescending(f => f.Value).ToDictionary(f => f.Key, f => f.Value));
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        var next = clock.Elapsed;
        while (!stopping.IsCancellationRequested)
        {
            Interlocked.Increment(ref sent);
            try
            {
                using var response = await client.Http.GetAsync("/" + code, HttpCompletionOption.ResponseHeadersRead, abandoning.Token);
                if (response.StatusCode == HttpStatusCode.Found)
                {
                    Confirm();
                }
                else
                {
                    Fail($"HTTP {(int)response.StatusCode}");
                }
            }
            catch (OperationCanceledException) when (abandoning.IsCancellationRequested)
            {
                Fail("still in flight when the load stopped");
            }
            catch (Exception exception)
            {
                Fail(exception.GetType().Name);
            }

            next += interval;
            var wait = next - clock.Elapsed;
            if (wait <= TimeSpan.Zero)
            {
                next = clock.Elapsed; // behind (a slow or retried request): no burst to catch up
                continue;
            }
            try
            {
                await Task.Delay(wait, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Confirm()
    {
        Interlocked.Increment(ref confirmed);
        var now = clock.Elapsed.Ticks;
        var previous = Interlocked.Exchange(ref lastConfirmedTicks, now);
        if (previous == 0)
        {
            return;
        }
        var gap = now - previous;
        long longest;
        while (gap > (longest = Interlocked.Read(ref longestGapTicks)) && Interlocked.CompareExchange(ref longestGapTicks, gap, longest) != longest)
        {
        }
    }

    private void Fail(string reason) => failures.AddOrUpdate(reason, 1, (_, count) => count + 1);
}
