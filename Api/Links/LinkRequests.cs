using System.ComponentModel;
using Links;

namespace Api.Links;

public sealed record CreateLinkRequest(
    string? Url,
    string? Code,
    [property: Description("At most 200 characters, without control characters.")] string? Title = null,
    [property: Description("At most 10, each ^[a-z0-9][a-z0-9-]{0,31}$ (stored lower case).")] IReadOnlyList<string?>? Tags = null,
    [property: Description("RFC 3339; before it the short link answers 404.")] string? ValidSince = null,
    [property: Description("RFC 3339, later than validSince; from it on the short link answers 404.")] string? ValidUntil = null,
    [property: Description("1 to 1000000000: once this many redirects were served, the short link answers 404.")] long? MaxVisits = null,
    [property: Description("Whether the request's query string is added to the target's (default true).")] bool? ForwardQuery = null);

public sealed record UpdateLinkRequest(string? Url);

// PATCH /api/links/{code}: any subset; a field left out is unchanged, a field sent as null is cleared (title,
// tags, validSince, validUntil, maxVisits; url and forwardQuery cannot be null). Read by LinkPatch, which
// tells a missing field from a null one; this record describes the body in the OpenAPI document.
public sealed record PatchLinkRequest(
    string? Url, string? Title, IReadOnlyList<string>? Tags, string? ValidSince, string? ValidUntil, long? MaxVisits, bool? ForwardQuery);

public sealed record LinkResponse(
    string Code, string ShortUrl, string Url, DateTime CreatedAt, DateTime UpdatedAt, long Clicks, bool Disabled,
    string? Title, IReadOnlyList<string> Tags, DateTimeOffset? ValidSince, DateTimeOffset? ValidUntil, long? MaxVisits, bool ForwardQuery)
{
    public static LinkResponse From(Link link, ShortLinkOptions shortLinks)
    {
        var (fields, rules) = (link.Fields, link.Fields.Rules);
        return new(link.Code, shortLinks.ShortUrl(link.Code), link.TargetUrl, link.CreatedAt, link.UpdatedAt, link.Clicks, link.Disabled,
            fields.Title, fields.Tags, rules.ValidSince, rules.ValidUntil, rules.MaxVisits, rules.ForwardQuery);
    }
}

public sealed record LinkPage(IReadOnlyList<LinkResponse> Items, string? NextCursor);

public sealed record TagResponse(string Tag, long Links, long Clicks);
