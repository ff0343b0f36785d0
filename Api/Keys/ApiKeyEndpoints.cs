using Api.Accounts;
using Api.Problems;
using Microsoft.Extensions.Options;

namespace Api.Keys;

// The signed-in user's API keys. Only a bearer token manages them: a leaked key cannot mint more keys or
// revoke its owner's other keys. Revoking deletes the row on the primary, which every replica reads to
// authenticate a key, so the key is refused everywhere as soon as the DELETE has answered.
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").RequireAuthorization(ApiKeyAuthentication.BearerOnly).WithTags("API keys")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey")
            .WithSummary("Create a key for scripts (send it as X-Api-Key on /api/links and /api/imports). The key is in this answer only.");
        keys.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("The caller's keys, newest first, without the keys themselves.");
        keys.MapDelete("/{id:guid}", DeleteAsync).WithName("RevokeApiKey").WithSummary("Revoke a key: every replica refuses it from now on.");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, HttpContext http, ApiKeyStore store, IOptions<ApiKeyOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!NewApiKey.TryCreate(request, time.GetUtcNow(), out var newKey, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var key = ApiKeySecret.Generate();
        var maximum = options.Value.MaximumPerAccount;
        if (await store.CreateAsync(http.User.AccountId(), newKey!, ApiKeySecret.Hash(key), maximum, cancellationToken) is not { } created)
        {
            return ApiProblems.TooManyApiKeys(maximum);
        }
        return TypedResults.Created($"/api/keys/{created.Id}", new CreatedApiKey(created.Id, created.Name, key, created.CreatedAt, created.ExpiresAt));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyListItem>>> ListAsync(HttpContext http, ApiKeyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ApiKeyListItem>>([.. (await store.ListAsync(http.User.AccountId(), cancellationToken)).Select(ApiKeyListItem.From)]);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext http, ApiKeyStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(http.User.AccountId(), id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.ApiKeyNotFound();
}
