using Benchmarks.Report;

namespace Benchmarks.Pipeline;

// How fast one Worker configuration drained a backlog of click events: rows it committed, between
// its first and last transaction.
public sealed record IngestionResult(string Configuration, int BatchSize, int Instances, long Backlog, long RowsCommitted, double Seconds, double RowsPerSecond, bool Drained, IReadOnlyList<CpuShare> Cpu);
