using Links;

namespace Api.Links;

public sealed record CreateLinkRequest(string? Url, string? Code);

public sealed record UpdateLinkRequest(string? Url);

public sealed record LinkResponse(string Code, string ShortUrl, string Url, DateTime CreatedAt, DateTime UpdatedAt, long Clicks, bool Disabled)
{
    public static LinkResponse From(Link link, ShortLinkOptions shortLinks) =>
        new(link.Code, shortLinks.ShortUrl(link.Code), link.TargetUrl, link.CreatedAt, link.UpdatedAt, link.Clicks, link.Disabled);
}

public sealed record LinkPage(IReadOnlyList<LinkResponse> Items, string? NextCursor);
