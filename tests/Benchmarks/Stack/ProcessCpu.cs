using System.Globalization;
using AppHost.Tests.Infrastructure;
using Benchmarks.Report;

namespace Benchmarks.Stack;

// CPU time of every process on the machine, read from /proc, grouped by what it is: each resource of
// the stack (with its children), the orchestrator (its proxy carries every request to the api), wrk,
// and the harness. Two readings a measured interval apart say where the machine's CPU went.
public sealed class ProcessCpu
{
    public const string Orchestrator = "orchestrator (dcp, proxy)";
    public const string Wrk = "wrk";
    public const string Harness = "harness";

    private const double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly Dictionary<int, (string Group, double Seconds)> processes;
    private readonly DateTime at;

    private ProcessCpu(Dictionary<int, (string Group, double Seconds)> processes, DateTime at)
    {
        this.processes = processes;
        this.at = at;
    }

    public static ProcessCpu Read(BenchmarkStack stack) => Read(ResourceOf(stack));

    // Which resource each of the stack's processes belongs to. Finding the descendants takes a while on a
    // busy machine: a measured run finds them once, before its readings, so each reading is quick.
    public static IReadOnlyDictionary<int, string> ResourceOf(BenchmarkStack stack)
    {
        var groupOf = new Dictionary<int, string>();
        foreach (var (resourceId, pid) in stack.Stack.StartedProcessIds())
        {
            var resource = stack.Stack.Resources.FirstOrDefault(r => r.ResourceId == resourceId)?.Resource.Name ?? resourceId;
            foreach (var process in ProcessIdentity.WithDescendants([pid]))
            {
                groupOf[process.Pid] = resource;
            }
        }
        return groupOf;
    }

    public static ProcessCpu Read(IReadOnlyDictionary<int, string> groupOf)
    {
        var at = DateTime.UtcNow;
        var own = Environment.ProcessId;
        var readings = new Dictionary<int, (string, double)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // The command name is in parentheses and may hold spaces; the fields after it are fixed.
            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            var group = groupOf.TryGetValue(pid, out var resource) ? resource
                : pid == own ? Harness
                : name == "wrk" ? Wrk
                : name.StartsWith("dcp", StringComparison.Ordinal) ? Orchestrator
                : "other";
            readings[pid] = (group, ticks / TicksPerSecond);
        }
        return new ProcessCpu(readings, at);
    }

    // What each group used between two readings, as a share of all cores, largest first.
    public static IReadOnlyList<CpuShare> Between(ProcessCpu before, ProcessCpu after) => Used(before, after).Shares();

    // The CPU seconds each group used between two readings, and the wall-clock seconds between them.
    public static CpuUse Used(ProcessCpu before, ProcessCpu after) => new(
        Math.Max(0, (after.at - before.at).TotalSeconds),
        after.processes
            .Select(p => (p.Value.Group, Used: p.Value.Seconds - (before.processes.TryGetValue(p.Key, out var earlier) && earlier.Group == p.Value.Group ? earlier.Seconds : 0)))
            .GroupBy(p => p.Group)
            .ToDictionary(g => g.Key, g => g.Sum(p => Math.Max(0, p.Used))));
}
