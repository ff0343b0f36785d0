namespace Api.Links;

public sealed record Link(string Code, Guid OwnerId, string TargetUrl, DateTime CreatedAt, DateTime UpdatedAt, long Version);
