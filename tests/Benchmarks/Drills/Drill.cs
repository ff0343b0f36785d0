namespace Benchmarks.Drills;

// One fault drill: what it breaks (given the drill's link and load; it may return a note on what it found),
// how long the fault holds, how it puts things back, and what the report should find.
public sealed record Drill(
    string Name,
    string Fault,
    string Expected,
    bool LossWindowExpected,
    TimeSpan Hold,
    Func<DrillTarget, CancellationToken, Task<string?>> BreakAsync,
    Func<CancellationToken, Task> RepairAsync);
