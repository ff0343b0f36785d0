using Api.Clicks;

namespace Api.Redirects;

public static class RedirectEndpoints
{
    public static IEndpointRouteBuilder MapRedirects(this IEndpointRouteBuilder app)
    {
        // 302, not 301: a browser must come back every time, so every click is counted.
        app.MapMethods("/{code}", [HttpMethods.Get, HttpMethods.Head], async Task<IResult> (
            string code, HttpContext http, RedirectResolver resolver, ClickEventFactory clickEvents, ClickPublisher clicks, CancellationToken cancellationToken) =>
            {
                var entry = await resolver.ResolveAsync(code, cancellationToken);
                if (entry.Target is { } target)
                {
                    if (HttpMethods.IsGet(http.Request.Method)) // a HEAD is a link preview, not a click
                    {
                        clicks.Record(clickEvents.Create(code, http));
                    }
                    // Kestrel adds it to a GET's empty body itself; a HEAD must carry the same headers as that GET.
                    http.Response.ContentLength = 0;
                    return TypedResults.Redirect(target);
                }
                if (entry.Disabled)
                {
                    return AcceptsHtml(http.Request)
                        ? BrowserPages.Disabled(http.Response)
                        : Problems.ApiProblems.LinkDisabled();
                }
                return AcceptsHtml(http.Request)
                    ? BrowserPages.NotFound(http.Response)
                    : Problems.ApiProblems.LinkNotFound();
            })
            .WithName("FollowShortLink")
            .WithSummary("Redirect (302) to the link's target; 404 for unknown or deleted codes, 410 for a link an operator disabled.")
            .Produces(StatusCodes.Status302Found)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
