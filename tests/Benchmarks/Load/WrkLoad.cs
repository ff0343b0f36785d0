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
    public int Threads => Wrk.Threads(Connections);
}
