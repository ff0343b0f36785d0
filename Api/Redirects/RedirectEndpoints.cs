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
                    var admitted = await RedirectAdmission.AdmitAsync(code, rules, countVisit: isClick, visits, time, cancellationToken);
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
                return RedirectAdmission.NotRedirecting(entry, http);
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
}
