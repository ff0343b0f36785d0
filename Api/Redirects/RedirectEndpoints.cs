using Api.Clicks;
using Links;

namespace Api.Redirects;

public static class RedirectEndpoints
{
    public static IEndpointRouteBuilder MapRedirects(this IEndpointRouteBuilder app)
    {
        // 302, not 301: a browser must come back every time, so every click is counted.
        app.MapMethods("/{code}", [HttpMethods.Get, HttpMethods.Head], async Task<IResult> (
            string code, HttpContext http, RedirectResolver resolver, VisitLimit visits, TimeProvider time,
            ClickEventFactory clickEvents, ClickPublisher clicks, CancellationToken cancellationToken) =>
            {
                var entry = await resolver.ResolveAsync(code, cancellationToken);
                var isClick = HttpMethods.IsGet(http.Request.Method); // a HEAD is a link preview, not a click
                if (entry.Target is { } target)
                {
                    var rules = entry.Rules ?? RedirectRules.Default;
                    var admitted = await AdmitAsync(code, rules, isClick, visits, time, cancellationToken);
                    if (admitted is null)
                    {
                        return Problems.ApiProblems.VisitLimitUnknown(http);
                    }
                    if (admitted.Value)
                    {
                        if (isClick)
                        {
                            clicks.Record(clickEvents.Create(code, http));
                        }
                        // Kestrel adds it to a GET's empty body itself; a HEAD must carry the same headers as that GET.
                        http.Response.ContentLength = 0;
                        return TypedResults.Redirect(rules.ForwardQuery ? QueryForwarding.Merge(target, http.Request.QueryString) : target);
                    }
                }
                else if (entry.Disabled)
                {
                    return AcceptsHtml(http.Request)
                        ? BrowserPages.Disabled(http.Response)
                        : Problems.ApiProblems.LinkDisabled();
                }
                // Unknown, deleted, outside its window or out of visits: the same answer, so none can be told apart.
                return AcceptsHtml(http.Request)
                    ? BrowserPages.NotFound(http.Response)
                    : Problems.ApiProblems.LinkNotFound();
            })
            .WithName("FollowShortLink")
            .WithSummary("Redirect (302) to the link's target, with the request's query string added when the link forwards it; "
                + "404 for unknown or deleted codes and for links outside [validSince, validUntil) or out of visits, 410 for a link an operator disabled, "
                + "503 for a link with maxVisits while its visit count cannot be read.")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    // Whether the link's rules let this request through now (a GET counts as a visit); null: its visit count is unknown.
    private static async Task<bool?> AdmitAsync(string code, RedirectRules rules, bool isClick, VisitLimit visits, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!rules.IsValidAt(time.GetUtcNow()))
        {
            return false;
        }
        return rules.MaxVisits is { } maxVisits ? await visits.TryTakeAsync(code, maxVisits, isClick, cancellationToken) : true;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
