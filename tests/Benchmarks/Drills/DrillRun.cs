namespace Benchmarks.Drills;

// The fault drills (`--drill`).
public static class DrillRun
{
    public static Task<int> RunAsync(HarnessOptions options, CancellationToken cancellationToken) =>
        throw new NotImplementedException("The fault drills are not written yet.");
}
