namespace Benchmarks.Drills;

// What a drill's fault may look at: its link's code and how many redirects the load has confirmed so far.
public sealed record DrillTarget(string Code, Func<long> Confirmed);
