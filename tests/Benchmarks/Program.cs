using Benchmarks;
using Benchmarks.Drills;

var options = HarnessOptions.Parse(args);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

Directory.CreateDirectory(options.OutputDirectory);
return options.Drill
    ? await DrillRun.RunAsync(options, cancellation.Token)
    : await BenchmarkRun.RunAsync(options, cancellation.Token);
