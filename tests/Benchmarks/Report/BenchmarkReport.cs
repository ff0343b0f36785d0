using Benchmarks.Pipeline;
using Benchmarks.Profiling;
using Benchmarks.Scenarios;
using Benchmarks.Stack;

namespace Benchmarks.Report;

// Every figure of one benchmark run, written as benchmark.json beside the markdown report and plots.
public sealed record BenchmarkReport(
    string Mode,
    MachineInfo Machine,
    string StackConfiguration,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<ScalingPoint> Scaling,
    ImportResult Import,
    IReadOnlyList<IngestionResult> Ingestion,
    IReadOnlyList<LoadDrain> Drains,
    ConnectionBudget ConnectionBudget,
    IReadOnlyList<BurstResult> Bursts,
    IReadOnlyList<PipelineSample> Pipeline,
    IReadOnlyList<PhaseMark> Phases,
    IReadOnlyList<TargetCheck> Targets,
    CpuProfile? Profile);

public sealed record ScalingPoint(int ApiReplicas, double RequestsPerSecond, double RatioToCeiling, LatencyMilliseconds Latency, long UnexpectedStatus, long SocketErrors);

public sealed record PhaseMark(double Seconds, string Phase);

public sealed record TargetCheck(string Target, string Measured, bool Met);
