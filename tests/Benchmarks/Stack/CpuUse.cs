using Benchmarks.Report;

namespace Benchmarks.Stack;

// The CPU seconds each group of processes (see ProcessCpu) used over an interval of WallSeconds.
public sealed record CpuUse(double WallSeconds, IReadOnlyDictionary<string, double> SecondsByGroup)
{
    public double SecondsOf(string group) => SecondsByGroup.TryGetValue(group, out var seconds) ? seconds : 0;

    // Each group's share of all cores, largest first (groups under half a percent left out).
    public IReadOnlyList<CpuShare> Shares()
    {
        var capacity = WallSeconds * Environment.ProcessorCount;
        if (capacity <= 0)
        {
            return [];
        }
        return [.. SecondsByGroup
            .Select(g => new CpuShare(g.Key, Math.Round(100 * g.Value / capacity, 1)))
            .Where(share => share.Percent >= 0.5)
            .OrderByDescending(share => share.Percent)];
    }
}
