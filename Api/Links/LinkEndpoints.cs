using System.Globalization;
using Api.Accounts;
using Api.Consistency;
using Api.Keys;
using Api.Overload;
using Api.Problems;
using Api.RateLimiting;
using Links;
using Microsoft.Extensions.Options;

namespace Api.Links;

// The signed-in user's links. A link of someone else answers 404, exactly like a link that does not
// exist, so codes cannot be probed for owners.
public static class LinkEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaximumPageSize = 100;
    public const int MaximumSearchLength = 200;

    public static IEndpointRouteBuilder MapLinkEndpoints(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/api/links").RequireAuthorization(ApiKeyAuthentication.BearerOrApiKey).WithTags("Links")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        links.MapPost("/", CreateAsync).RequireLoadShedding(LoadShedding.LinkWrites).WithName("CreateLink").WithSummary("Shorten a URL, with a generated or a chosen code.");
        links.MapGet("/", ListAsync).WithName("ListLinks").WithSummary("The caller's links, newest first, a page at a time.");
        links.MapGet("/{code}", GetAsync).WithName("GetLink");
        links.MapPut("/{code}", UpdateAsync).RequireLoadShedding(LoadShedding.LinkWrites).WithName("UpdateLink").WithSummary("Point a link at a new target.");
        links.MapDelete("/{code}", DeleteAsync).RequireLoadShedding(LoadShedding.LinkWrites).WithName("DeleteLink").WithSummary("Delete a link; its code is never reused.");
        return app;
    }

    private static async Task<Results<Created<LinkResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateLinkRequest request, HttpContext http, LinkStore store, SharedRateLimits rateLimits,
        IOptions<ShortLinkOptions> shortLinks, CancellationToken cancellationToken)
    {
        if (!NewLink.TryCreate(request.Url, request.Code, shortLinks.Value, out var newLink, out var errors))
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(error => error.Field, error => new[] { error.Message }));
        }

        var owner = http.User.AccountId();
        var limit = await rateLimits.AcquireLinkCreationAsync(owner, cancellationToken);
        if (!limit.Allowed)
        {
            return ApiProblems.TooManyRequests(http, limit.RetryAfter);
        }

        if (await store.CreateAsync(owner, newLink, cancellationToken) is not { } created)
        {
            return newLink.Code is null
                ? throw new InvalidOperationException($"No free generated code after {LinkStore.GeneratedCodeAttempts} attempts.")
                : ApiProblems.CodeTaken(newLink.Code);
        }
        http.Response.SetConsistencyToken(created.Change.Position);
        return TypedResults.Created($"/api/links/{Uri.EscapeDataString(created.Link.Code)}", LinkResponse.From(created.Link, shortLinks.Value));
    }

    private static async Task<Results<Ok<LinkPage>, ValidationProblem>> ListAsync(
        string? limit, string? cursor, string? q, HttpContext http, LinkStore store, IOptions<ShortLinkOptions> shortLinks, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaximumPageSize))
        {
            errors["limit"] = [$"limit is a whole number from 1 to {MaximumPageSize}."];
        }
        LinkCursor? after = null;
        if (cursor is not null && !LinkCursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["cursor is not one this API returned; start again without it."];
        }
        if (q is not null && (q.Length > MaximumSearchLength || q.Any(char.IsControl)))
        {
            errors["q"] = [$"q is at most {MaximumSearchLength} characters, without control characters."];
        }
        var (tokenValid, token, tokenErrors) = await http.ReadConsistencyTokenAsync(cancellationToken);
        if (!tokenValid)
        {
            errors = errors.Concat(tokenErrors).ToDictionary();
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var ((links, next), source) = await store.ListOwnedAsync(http.User.AccountId(), pageSize, after, q, token, cancellationToken);
        http.Response.SetReadSource(source);
        return TypedResults.Ok(new LinkPage([.. links.Select(link => LinkResponse.From(link, shortLinks.Value))], next?.Encode()));
    }

    private static async Task<Results<Ok<LinkResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string code, HttpContext http, LinkStore store, IOptions<ShortLinkOptions> shortLinks, CancellationToken cancellationToken)
    {
        var (tokenValid, token, errors) = await http.ReadConsistencyTokenAsync(cancellationToken);
        if (!tokenValid)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!ShortCode.CouldExist(code))
        {
            return ApiProblems.LinkNotFound();
        }
        var (link, source) = await store.FindOwnedAsync(code, http.User.AccountId(), token, cancellationToken);
        http.Response.SetReadSource(source);
        return link is null ? ApiProblems.LinkNotFound() : TypedResults.Ok(LinkResponse.From(link, shortLinks.Value));
    }

    private static async Task<Results<Ok<LinkResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string code, UpdateLinkRequest request, HttpContext http, LinkStore store,
        IOptions<ShortLinkOptions> shortLinks, CancellationToken cancellationToken)
    {
        if (!ShortCode.CouldExist(code))
        {
            return ApiProblems.LinkNotFound();
        }
        if (!TargetUrl.TryNormalize(request.Url, shortLinks.Value.BaseUri, out var target, out var urlError, shortLinks.Value.BlockedHosts))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [urlError] });
        }
        var updated = await store.UpdateTargetAsync(code, http.User.AccountId(), target, cancellationToken);
        if (updated is not { } result)
        {
            return ApiProblems.LinkNotFound();
        }
        http.Response.SetConsistencyToken(result.Change.Position);
        return TypedResults.Ok(LinkResponse.From(result.Link, shortLinks.Value));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string code, HttpContext http, LinkStore store, CancellationToken cancellationToken)
    {
        var deleted = ShortCode.CouldExist(code) ? await store.DeleteAsync(code, http.User.AccountId(), cancellationToken) : null;
        if (deleted is null)
        {
            return ApiProblems.LinkNotFound();
        }
        http.Response.SetConsistencyToken(deleted.Position);
        return TypedResults.NoContent();
    }
}
