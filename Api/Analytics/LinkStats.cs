namespace Api.Analytics;

// UniqueVisitors of the range: the sum of the distinct visitors of each UTC day it touches (a visitor hash only
// tells visitors apart within its day).
public sealed record LinkStats(long Total, IReadOnlyList<ClickBucket> Series, IReadOnlyList<ReferrerClicks> Referrers, AgentClicks Agents, long UniqueVisitors);

// UniqueVisitors: the distinct visitors of the hour, or of the whole UTC day for a daily bucket.
public sealed record ClickBucket(DateTime T, long Clicks, long UniqueVisitors);

public sealed record ReferrerClicks(string Host, long Clicks);

public sealed record AgentClicks(long Browser, long Bot, long Unknown);
