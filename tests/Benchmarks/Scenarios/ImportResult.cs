namespace Benchmarks.Scenarios;

// A bulk import from upload to completed: the 202's latency, the time until the Worker finished it, and its counts.
public sealed record ImportResult(int Rows, double AcceptedMilliseconds, double SecondsToCompleted, double RowsPerSecond, string Status, int Succeeded, int Failed);
