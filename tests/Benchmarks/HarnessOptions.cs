namespace Benchmarks;

// The command line: `--smoke` (a few seconds per scenario, to prove the harness works), `--drill`
// (the fault drills instead of the benchmark), `--output <folder>` (where the report goes).
public sealed record HarnessOptions(bool Smoke, bool Drill, string OutputDirectory)
{
    public static HarnessOptions Parse(string[] args)
    {
        var smoke = false;
        var drill = false;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smoke":
                    smoke = true;
                    break;
                case "--drill":
                    drill = true;
                    break;
                case "--output" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--smoke] [--drill] [--output <folder>]");
            }
        }
        return new HarnessOptions(smoke, drill, Path.GetFullPath(output ?? Path.Combine("artifacts", "benchmark")));
    }

    // How long each measured wrk run lasts, and the warm-up before it.
    public TimeSpan Measure => Smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20);

    public TimeSpan WarmUp => Smoke ? TimeSpan.Zero : TimeSpan.FromSeconds(5);

    // How long each burst scenario keeps its connections busy.
    public TimeSpan Burst => Smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);
}
