using System.Diagnostics;

namespace Benchmarks.Drills;

// Samples, every half second of a drill, how many redirects the load has confirmed and how many of
// its clicks are stored, so the report can tell how far behind the redirects the stored clicks were.
public sealed class ClickLagSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly List<(double Seconds, long Confirmed, long Recorded)> samples = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task sampling;

    public ClickLagSampler(ClickLedger ledger, string code, Func<long> confirmed) =>
        sampling = SampleAsync(ledger, code, confirmed, stopping.Token);

    public double Now => clock.Elapsed.TotalSeconds;

    // The wait of the oldest confirmed click not yet stored at each sample (0 when every one is). The
    // drill's lost clicks, known once it settled, count as stored, so a loss does not read as a wait without end.
    public IReadOnlyList<(double Seconds, double LagSeconds)> Lags(long lost)
    {
        List<(double Seconds, long Confirmed, long Recorded)> copy;
        lock (samples)
        {
            copy = [.. samples];
        }
        return [.. copy.Select(sample =>
        {
            var accounted = sample.Recorded + lost;
            var oldestWaiting = copy.FirstOrDefault(s => s.Confirmed > accounted);
            var lag = sample.Confirmed > accounted && oldestWaiting != default ? sample.Seconds - oldestWaiting.Seconds : 0;
            return (sample.Seconds, Math.Max(0, lag));
        })];
    }

    private async Task SampleAsync(ClickLedger ledger, string code, Func<long> confirmed, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                var confirmedNow = confirmed();
                try
                {
                    var recorded = await ledger.RecordedAsync(code, cancellationToken);
                    lock (samples)
                    {
                        samples.Add((Now, confirmedNow, recorded));
                    }
                }
                catch (Npgsql.NpgsqlException)
                {
                    // A missed sample, not a failed drill: the primary is never a drill's target.
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await sampling;
        stopping.Dispose();
    }
}
