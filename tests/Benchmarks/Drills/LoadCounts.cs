namespace Benchmarks.Drills;

// What the redirect load saw in one drill. Sent = Confirmed (302) + Failed (anything else after the
// resilience handler's retries); Retries = the handler's attempts beyond one per request.
public sealed record LoadCounts(long Sent, long Confirmed, long Failed, long Retries, double LongestGapSeconds, IReadOnlyDictionary<string, long> FailureReasons);
