using ApiContract;

namespace Api.Problems;

// Errors the framework answers itself (malformed JSON, an oversized body, a missing bearer token)
// also leave as problem+json, with a detail that says what to fix.
public static class ProblemDetailsSetup
{
    public const long MaximumRequestBodyBytes = 16 * 1024;

    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is HttpValidationProblemDetails)
            {
                return; // its errors map says what to fix, field by field
            }
            context.ProblemDetails.Detail ??= context.HttpContext.Response.StatusCode switch
            {
                StatusCodes.Status400BadRequest => "The request could not be read: the body must be valid JSON of the documented shape, and parameters of the right type.",
                StatusCodes.Status401Unauthorized when context.HttpContext.Request.Headers.ContainsKey(ContractHeaders.ApiKey) =>
                    "The API key is unknown, revoked or expired, or this endpoint takes a bearer token only (keys work on /api/links and /api/imports; managing keys and the account needs the bearer token).",
                StatusCodes.Status401Unauthorized => "Send a valid bearer token from POST /api/auth/token in the Authorization header (or, on /api/links and /api/imports, an API key in X-Api-Key).",
                StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {MaximumRequestBodyBytes} bytes.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                _ => null,
            };
        });
        services.AddExceptionHandler<DatabaseBusyHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        return services;
    }
}
