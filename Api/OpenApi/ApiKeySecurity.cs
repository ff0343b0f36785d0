using Api.Keys;
using ApiContract;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Api.OpenApi;

// Tells OpenAPI readers that the endpoints of the BearerOrApiKey policy take an API key in X-Api-Key as an
// alternative to the bearer token (a second security requirement: either one satisfies the operation).
public static class ApiKeySecurity
{
    private const string SchemeName = "ApiKey";

    public static OpenApiOptions AddApiKeySecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ContractHeaders.ApiKey,
                Description = "A key from POST /api/keys (lsk_…). Accepted on /api/links and /api/imports; managing keys and the account needs the bearer token.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == ApiKeyAuthentication.BearerOrApiKey))
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
        return options;
    }
}
