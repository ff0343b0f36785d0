namespace Benchmarks;

// The command line: `--smoke` (a few seconds per scenario, to prove the harness works), `--drill`
// (the fault drills instead of the benchmark), `--output <folder>` (where the report goes), `--profile`
// or `--no-profile` (the profile step: on by default in a full run, off in a smoke run).
public sealed record HarnessOptions(bool Smoke, bool Drill, string OutputDirectory, bool Profile)
{
    public static HarnessOptions Parse(string[] args)
    {
        var smoke = false;
        var drill = false;
        string? output = null;
        bool? profile = null;
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
                case "--profile":
                    profile = true;
                    break;
                case "--no-profile":
                    profile = false;
                    break;
                case "--output" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--smoke] [--drill] [--profile | --no-profile] [--output <folder>]");
            }
        }
        return new HarnessOptions(smoke, drill, Path.GetFullPath(output ?? Path.Combine("artifacts", "benchmark")), profile ?? !smoke);
    }

    // How long each measured wrk run lasts, and the warm-up before it.
    public TimeSpan Measure => Smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(20);

    public TimeSpan WarmUp => Smoke ? TimeSpan.Zero : TimeSpan.FromSeconds(5);

    // How long the profile step samples an api replica under the cache-hit load.
    public TimeSpan ProfileDuration => Smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);

    // How long each burst scenario keeps its connections busy.
    public TimeSpan Burst => Smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);
}
