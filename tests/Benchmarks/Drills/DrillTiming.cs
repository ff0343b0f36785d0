namespace Benchmarks.Drills;

// How long each phase of a drill lasts: steady load before the fault, the fault's hold (30 s where the
// issue says 30 s), load after the repair, and the bound on waiting for the clicks to stop changing.
public sealed record DrillTiming(TimeSpan Steady, TimeSpan Outage, TimeSpan ShortHold, TimeSpan Backlog, TimeSpan After, TimeSpan SettleLimit)
{
    public static DrillTiming For(HarnessOptions options) => options.Smoke
        ? new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.FromMinutes(1))
        : new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2));
}
