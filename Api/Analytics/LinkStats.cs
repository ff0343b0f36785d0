namespace Api.Analytics;

public sealed record LinkStats(long Total, IReadOnlyList<ClickBucket> Series, IReadOnlyList<ReferrerClicks> Referrers, AgentClicks Agents);

public sealed record ClickBucket(DateTime T, long Clicks);

public sealed record ReferrerClicks(string Host, long Clicks);

public sealed record AgentClicks(long Browser, long Bot, long Unknown);
