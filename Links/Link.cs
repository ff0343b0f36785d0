namespace Links;

// A link as its owner sees it. Clicks is its total from the rollups (link_click_totals), which the
// Worker updates as it stores clicks, so it trails the redirects by a moment. Disabled: an operator
// turned it off (its redirect answers 410 Gone). Fields: its title, tags and redirect rules.
public sealed record Link(string Code, Guid OwnerId, string TargetUrl, DateTime CreatedAt, DateTime UpdatedAt, long Version, long Clicks, bool Disabled, LinkFields Fields);
