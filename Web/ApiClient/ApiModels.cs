namespace Web.ApiClient;

// The Api's JSON, as the Web reads it.
public sealed record IssuedToken(string AccessToken, int ExpiresIn);

public sealed record LinkItem(
    string Code, string ShortUrl, string Url, DateTime CreatedAt, DateTime UpdatedAt, long Clicks, bool Disabled = false,
    string? Title = null, IReadOnlyList<string>? Tags = null, DateTimeOffset? ValidSince = null, DateTimeOffset? ValidUntil = null, long? MaxVisits = null, bool ForwardQuery = true);

public sealed record LinkPage(IReadOnlyList<LinkItem> Items, string? NextCursor);

public sealed record LinkStats(long Total, IReadOnlyList<ClickBucket> Series, IReadOnlyList<ReferrerClicks> Referrers, AgentClicks Agents, long UniqueVisitors = 0);

public sealed record ClickBucket(DateTime T, long Clicks, long UniqueVisitors = 0);

public sealed record ReferrerClicks(string Host, long Clicks);

public sealed record AgentClicks(long Browser, long Bot, long Unknown);

public sealed record ImportAccepted(Guid ImportId, string Status);

public sealed record ImportStatus(Guid ImportId, string Status, int Total, int Succeeded, int Failed, IReadOnlyList<ImportRowError> Errors, string? FailureReason = null)
{
    public bool IsFinished => Status is "completed" or "failed";
}

public sealed record ImportRowError(int Row, string Message);

public sealed record CreatedApiKey(Guid Id, string Name, string Key, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record ApiKeyItem(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

public sealed record ReplicationStatus(string State, long? LagBytes, double? LagSeconds, DateTimeOffset? SampledAt);

public sealed record RedirectCounts(long Hit, long Miss, long NotFound);

public sealed record ReadCounts(long Replica, long PrimaryLag, long PrimaryDown, long Primary);

public sealed record ApiReplicaTraffic(string Id, DateTimeOffset ReportedAt, RedirectCounts Redirects, ReadCounts Reads);

public sealed record QueueFigures(long Messages, long Consumers);

public sealed record SystemTraffic(
    string ServedBy, DateTimeOffset SampledAt, IReadOnlyList<ApiReplicaTraffic> ApiReplicas, RedirectCounts Redirects, ReadCounts Reads,
    bool Complete, QueueFigures? ClickQueue, long? ClicksRecorded, ReplicationStatus? Replication);
