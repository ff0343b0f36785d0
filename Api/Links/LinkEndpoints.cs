using System.Globalization;
using System.Text.Json;
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
        links.MapGet("/", ListAsync).WithName("ListLinks")
            .WithSummary("The caller's links a page at a time: order=newest (default), oldest or most-clicked; tag= only those with the tag; q= a search in code, URL and title.");
        links.MapGet("/{code}", GetAsync).WithName("GetLink");
        links.MapPut("/{code}", UpdateAsync).RequireLoadShedding(LoadShedding.LinkWrites).WithName("UpdateLink").WithSummary("Point a link at a new target.");
        links.MapPatch("/{code}", PatchAsync).RequireLoadShedding(LoadShedding.LinkWrites).WithName("PatchLink")
            .WithSummary("Change any subset of a link's fields: a field left out is unchanged, one sent as null is cleared (url and forwardQuery cannot be).")
            .Accepts<PatchLinkRequest>("application/json");
        app.MapGet("/api/tags", TagsAsync).RequireAuthorization(ApiKeyAuthentication.BearerOrApiKey).WithTags("Links").ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("ListTags").WithSummary("The tags on the caller's links, each with how many links carry it and their clicks, most used first.");
        links.MapDelete("/{code}", DeleteAsync).RequireLoadShedding(LoadShedding.LinkWrites).WithName("DeleteLink").WithSummary("Delete a link; its code is never reused.");
        return app;
    }

    private static async Task<Results<Created<LinkResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateLinkRequest request, HttpContext http, LinkStore store, SharedRateLimits rateLimits,
        IOptions<ShortLinkOptions> shortLinks, CancellationToken cancellationToken)
    {
        if (!NewLink.TryCreate(
            request.Url, request.Code, shortLinks.Value,
            errors => LinkFields.TryCreate(request.Title, request.Tags, request.ValidSince, request.ValidUntil, request.MaxVisits, request.ForwardQuery, errors),
            out var newLink, out var errors))
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
        string? limit, string? cursor, string? q, string? tag, string? order, HttpContext http, LinkListing listing,
        IOptions<ShortLinkOptions> shortLinks, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaximumPageSize))
        {
            errors["limit"] = [$"limit is a whole number from 1 to {MaximumPageSize}."];
        }
        if (!LinkOrders.TryParse(order, out var linkOrder))
        {
            errors[LinkOrders.Field] = ["order is newest, oldest or most-clicked."];
        }
        LinkCursor? after = null;
        if (cursor is not null && !LinkCursor.TryDecode(cursor, linkOrder, out after))
        {
            errors["cursor"] = ["cursor is not one this API returned for this order; start again without it."];
        }
        if (tag is not null && !LinkFields.TryTags([tag], out _, out _))
        {
            errors["tag"] = ["tag is 1 to 32 of a-z, 0-9 and '-', starting with a letter or digit."];
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

        var query = new LinkListing.Query(pageSize, linkOrder, after, q, tag?.ToLowerInvariant());
        var ((links, next), source) = await listing.ListOwnedAsync(http.User.AccountId(), query, token, cancellationToken);
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

    private static async Task<Results<Ok<LinkResponse>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        string code, HttpContext http, LinkStore store, IOptions<ShortLinkOptions> shortLinks, CancellationToken cancellationToken)
    {
        if (!ShortCode.CouldExist(code))
        {
            return ApiProblems.LinkNotFound();
        }
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [LinkPatch.BodyField] = ["The body is not valid JSON."] });
        }
        catch (BadHttpRequestException exception)
        {
            return TypedResults.Problem(statusCode: exception.StatusCode);
        }
        var errors = new Dictionary<string, string[]>();
        if (LinkPatch.TryRead(body, shortLinks.Value, errors) is not { } edit)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var edited = await store.UpdateAsync(code, http.User.AccountId(), edit, cancellationToken);
        if (edited.WindowRefused)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [LinkFields.ValidUntilField] = [LinkFields.WindowError] });
        }
        if (edited is not { Link: { } link, Change: { } change })
        {
            return ApiProblems.LinkNotFound();
        }
        http.Response.SetConsistencyToken(change.Position);
        return TypedResults.Ok(LinkResponse.From(link, shortLinks.Value));
    }

    private static async Task<Results<Ok<IReadOnlyList<TagResponse>>, ValidationProblem>> TagsAsync(
        HttpContext http, LinkListing listing, CancellationToken cancellationToken)
    {
        var (tokenValid, token, errors) = await http.ReadConsistencyTokenAsync(cancellationToken);
        if (!tokenValid)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (tags, source) = await listing.TagsAsync(http.User.AccountId(), token, cancellationToken);
        http.Response.SetReadSource(source);
        return TypedResults.Ok<IReadOnlyList<TagResponse>>([.. tags.Select(t => new TagResponse(t.Tag, t.Links, t.Clicks))]);
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
