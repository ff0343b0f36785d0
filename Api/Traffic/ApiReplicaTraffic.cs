namespace Api.Traffic;

// One api replica's redirects and reads since it started, as of ReportedAt.
public sealed record ApiReplicaTraffic(string Id, DateTimeOffset ReportedAt, RedirectCounts Redirects, ReadCounts Reads);
