using System.Diagnostics.CodeAnalysis;

namespace Links;

// A link someone asked for (POST /api/links, or a row of an import), checked with the rules every way
// in shares: its normalized target and, when chosen, its code.
public sealed record NewLink(string Target, string? Code)
{
    public const string UrlField = "url";
    public const string CodeField = "code";

    // Errors in field order (the URL first), each with the request field it belongs to.
    public static bool TryCreate(
        string? url, string? code, ShortLinkOptions shortLinks,
        [NotNullWhen(true)] out NewLink? link, out IReadOnlyList<LinkFieldError> errors)
    {
        var found = new List<LinkFieldError>();
        if (!TargetUrl.TryNormalize(url, shortLinks.BaseUri, out var target, out var urlError, shortLinks.BlockedHosts))
        {
            found.Add(new LinkFieldError(UrlField, urlError));
        }
        if (code is not null && !ShortCode.IsValidCustom(code, out var codeError))
        {
            found.Add(new LinkFieldError(CodeField, codeError));
        }
        errors = found;
        link = found.Count == 0 ? new NewLink(target!, code) : null;
        return link is not null;
    }
}

public sealed record LinkFieldError(string Field, string Message);
