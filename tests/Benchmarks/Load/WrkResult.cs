namespace Benchmarks.Load;

// What wrk measured in one run, as its done() callback prints it (latencies in microseconds).
public sealed record WrkResult(
    long Requests,
    long DurationMicroseconds,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long StatusErrors,
    long Timeouts,
    WrkLatency LatencyMicroseconds)
{
    public double RequestsPerSecond => Requests / (DurationMicroseconds / 1_000_000.0);

    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}

public sealed record WrkLatency(long P50, long P90, long P99, long P999, long Max, double Mean);
