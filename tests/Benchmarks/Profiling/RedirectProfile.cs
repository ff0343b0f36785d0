using Benchmarks.Load;
using Benchmarks.Stack;

namespace Benchmarks.Profiling;

// The profile step: the cache-hit redirect load through the proxy again, while one api replica (as
// Production, like every service here) is sampled. A run of its own, since sampling costs that replica CPU.
public static class RedirectProfile
{
    public static async Task<CpuProfile> RunAsync(BenchmarkStack stack, string scenario, WrkLoad load, string outputDirectory, CancellationToken cancellationToken)
    {
        var replica = stack.Instances("api")[0];
        var process = DotNetProcess.Of(stack, replica);
        var file = Path.Combine(outputDirectory, "profile-api.nettrace");
        await EventPipeSampling.CollectAsync(process.Pid, file, () => Wrk.RunAsync(load, cancellationToken), cancellationToken);
        var (samples, managed, exclusive, inclusive, lockTakers) = SampleAggregation.Read(file);
        return new CpuProfile(scenario, $"{replica} (pid {process.Pid}, {process.Command})", load.Duration.TotalSeconds, samples, managed, Path.GetFileName(file), exclusive, inclusive, lockTakers);
    }
}
