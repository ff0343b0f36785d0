using Benchmarks.Stack;

namespace Benchmarks.Report;

// One burst scenario: each class of requests it opened at once (its own wrk process), how each was
// answered, and the most client connections each Postgres server held while they ran. Outcomes: the
// redirect outcomes the api replicas counted, where the burst is redirects only.
public sealed record BurstResult(
    string Name,
    string Description,
    double Seconds,
    IReadOnlyList<BurstClassResult> Classes,
    PostgresConnections Primary,
    PostgresConnections Replica,
    RedirectCounts? Outcomes);

// One class of a burst. SuccessStatus is the answer it asks for; 503 (shed: too busy) and 429 (rate
// limited) are allowed too and counted. DatabaseBusy: the 503s that said the database was out of
// connections (the others were shed by a concurrency limiter). Latencies cover every answer, whatever its status.
public sealed record BurstClassResult(
    string Name,
    string Description,
    int Connections,
    long Requests,
    double RequestsPerSecond,
    int SuccessStatus,
    IReadOnlyDictionary<int, long> StatusCounts,
    long WrongLocations,
    long DatabaseBusy,
    long SocketErrors,
    LatencyMilliseconds Latency)
{
    public static readonly int[] AllowedRefusals = [503, 429];

    public long ServerErrorsOtherThan503 => StatusCounts.Where(s => s.Key >= 500 && s.Key != 503).Sum(s => s.Value);

    // Answers neither the one asked for nor an allowed refusal (a 500 counts here too).
    public long UnexpectedStatus => StatusCounts.Where(s => s.Key != SuccessStatus && !AllowedRefusals.Contains(s.Key)).Sum(s => s.Value);
}

// A Postgres server's client connections (client backends in pg_stat_activity) while a burst ran: at its
// start, and the most of any sample (each sample every 50 ms; failed ones are not counted). Both include the
// sampler's own connection. MaxConnections is the server's setting.
public sealed record PostgresConnections(int Before, int Peak, int Samples, int FailedSamples, int MaxConnections);
