namespace Benchmarks.Load;

// One wrk run: which paths, how, how hard and for how long.
public sealed record WrkLoad(
    Uri Target,
    string PathsFile,
    TimeSpan Duration,
    int Connections,
    string Method = "GET",
    string? AuthorizationFile = null,
    int DelayMilliseconds = 0)
{
    // wrk's own threads: one per core keeps the load generator from starving the system it measures more than it must.
    public int Threads => Math.Min(Environment.ProcessorCount, Connections);
}
