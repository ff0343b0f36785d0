using System.Diagnostics.CodeAnalysis;

namespace Links;

// A link someone asked for (POST /api/links, or a row of an import), checked with the rules every way
// in shares: its normalized target, when chosen its code, and its other fields (LinkFields).
public sealed record NewLink(string Target, string? Code, LinkFields Fields)
{
    public const string UrlField = "url";
    public const string CodeField = "code";

    // Errors in field order (the URL first), each with the request field it belongs to.
    public static bool TryCreate(
        string? url, string? code, ShortLinkOptions shortLinks,
        [NotNullWhen(true)] out NewLink? link, out IReadOnlyList<LinkFieldError> errors) =>
        TryCreate(url, code, shortLinks, fields: _ => LinkFields.Default, out link, out errors);

    // fields checks the other fields, adding its errors after the URL's and the code's.
    public static bool TryCreate(
        string? url, string? code, ShortLinkOptions shortLinks, Func<List<LinkFieldError>, LinkFields?> fields,
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
        var checkedFields = fields(found);
        errors = found;
        link = found.Count == 0 && checkedFields is not null ? new NewLink(target!, code, checkedFields) : null;
        return link is not null;
    }
}

public sealed record LinkFieldError(string Field, string Message);
