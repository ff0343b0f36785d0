using System.Diagnostics;

namespace Benchmarks.Drills;

// Runs one drill under the steady redirect load: steady → fault → hold → repair → more load → stop the
// load → wait until the drill's stored clicks stop changing → read what was stored.
public sealed class DrillExecution(ClickLedger ledger, RedirectClient client, DrillTiming timing, Action<string> say)
{
    private static readonly TimeSpan CaughtUpLag = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SettleInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan UnchangedForLoss = TimeSpan.FromSeconds(20);

    public async Task<DrillResult> RunAsync(Drill drill, string code, CancellationToken cancellationToken)
    {
        var load = RedirectLoad.Start(client, code);
        await using var lags = new ClickLagSampler(ledger, code, () => load.Confirmed);
        string? note = null;
        string? error = null;
        double? repairAt = null;
        double? repairSeconds = null;
        LoadCounts counts;
        try
        {
            await Task.Delay(timing.Steady, cancellationToken);
            say($"  fault: {drill.Fault}");
            note = await drill.BreakAsync(new DrillTarget(code, () => load.Confirmed), cancellationToken);
            if (note is not null)
            {
                say($"  {note}");
            }
            await Task.Delay(drill.Hold, cancellationToken);
            say("  repair");
            repairAt = lags.Now;
            var repair = Stopwatch.StartNew();
            await drill.RepairAsync(cancellationToken);
            repairSeconds = Math.Round(repair.Elapsed.TotalSeconds, 2);
            await Task.Delay(timing.After, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            error = exception.Message.Split('\n')[0];
            say($"  harness step failed: {exception}");
        }
        finally
        {
            counts = await load.StopAsync();
        }

        var (recorded, settled) = await SettleAsync(code, counts.Confirmed, cancellationToken);
        var rollup = await ledger.RollupTotalAsync(code, cancellationToken);
        var lost = Math.Max(0, counts.Confirmed - recorded);
        var lagSeries = lags.Lags(lost);
        var caughtUp = repairAt is null ? null : lagSeries.Where(s => s.Seconds >= repairAt && s.LagSeconds <= CaughtUpLag.TotalSeconds).Select(s => (double?)Math.Round(s.Seconds - repairAt.Value, 1)).FirstOrDefault();

        var rollupDuplicates = rollup - recorded;
        var recordedUnconfirmed = Math.Max(0, recorded - counts.Confirmed);
        var deviations = new List<string>();
        if (counts.Failed > 0)
        {
            deviations.Add($"{counts.Failed:N0} failed redirects");
        }
        if (rollupDuplicates != 0)
        {
            deviations.Add($"rollup total differs from the stored rows by {rollupDuplicates:N0}");
        }
        if (recordedUnconfirmed > 0)
        {
            deviations.Add($"{recordedUnconfirmed:N0} stored clicks more than confirmed redirects");
        }
        if (lost > 0 && !drill.LossWindowExpected)
        {
            deviations.Add($"{lost:N0} confirmed clicks not stored");
        }
        if (!settled)
        {
            deviations.Add("stored clicks still changing when the wait ended");
        }

        return new DrillResult(
            drill.Name, drill.Fault, drill.Expected, drill.Hold.TotalSeconds, note,
            counts.Sent, counts.Confirmed, counts.Failed, counts.Retries, counts.FailureReasons,
            recorded, rollup, rollupDuplicates, recordedUnconfirmed, lost, drill.LossWindowExpected, settled,
            repairSeconds, caughtUp, Math.Round(lagSeries.Select(s => s.LagSeconds).DefaultIfEmpty(0).Max(), 1), counts.LongestGapSeconds,
            deviations, error);
    }

    // Until the stored clicks reach the confirmed count and hold still for a second, or hold still long
    // enough below it to call the rest lost, or the limit passes (then they are reported as not settled).
    private async Task<(long Recorded, bool Settled)> SettleAsync(string code, long confirmed, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var unchanged = Stopwatch.StartNew();
        long previous = -1;
        while (true)
        {
            var recorded = await ledger.RecordedAsync(code, cancellationToken);
            if (recorded != previous)
            {
                previous = recorded;
                unchanged.Restart();
            }
            else if ((recorded >= confirmed && unchanged.Elapsed >= TimeSpan.FromSeconds(1)) || unchanged.Elapsed >= UnchangedForLoss)
            {
                return (recorded, true);
            }
            if (clock.Elapsed > timing.SettleLimit)
            {
                return (recorded, false);
            }
            await Task.Delay(SettleInterval, cancellationToken);
        }
    }
}
