using Api.Problems;
using Links;

namespace Api.Redirects;

// Whether a resolved link redirects right now, and what a request for it answers when it does not: one decision
// for the redirect and for its QR code (QrCodeEndpoints), so the two never disagree about a link's state.
public static class RedirectAdmission
{
    // Whether the link's rules let this request through now; countVisit: a GET of the redirect, which takes one of
    // maxVisits (a HEAD or a QR code only checks); null: its visit count is unknown.
    // Runs on every redirect, so a link that always admits is answered without an allocation.
    public static ValueTask<bool?> AdmitAsync(string code, RedirectRules rules, bool countVisit, VisitLimit visits, TimeProvider time, CancellationToken cancellationToken)
    {
        if (rules.AlwaysAdmits)
        {
            return ValueTask.FromResult<bool?>(true);
        }
        if (!rules.IsValidAt(time.GetUtcNow()))
        {
            return ValueTask.FromResult<bool?>(false);
        }
        return rules.MaxVisits is { } maxVisits ? new ValueTask<bool?>(visits.TryTakeAsync(code, maxVisits, countVisit, cancellationToken)) : ValueTask.FromResult<bool?>(true);
    }

    // Disabled: 410; unknown, deleted, outside its window or out of visits: the same 404, so none can be told apart.
    // A browser gets a page, anything else problem+json.
    public static IResult NotRedirecting(RedirectEntry entry, HttpContext http) =>
        entry.Disabled
            ? AcceptsHtml(http.Request) ? BrowserPages.Disabled(http.Response) : ApiProblems.LinkDisabled()
            : AcceptsHtml(http.Request) ? BrowserPages.NotFound(http.Response) : ApiProblems.LinkNotFound();

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
