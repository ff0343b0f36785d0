using System.Text;
using Api.Accounts;
using Api.Consistency;
using Api.Keys;
using Api.Overload;
using Links;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Api.Imports;

// Bulk import: the Api checks the file's envelope, stores it in Postgres, queues it and answers 202 at
// once; a Worker creates the links. Progress and row errors are read back by id.
public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports").RequireAuthorization(ApiKeyAuthentication.BearerOrApiKey).WithTags("Imports")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        imports.MapPost("/", CreateAsync).RequireLoadShedding(LoadShedding.ImportUploads).WithName("CreateImport")
            .WithSummary("Upload a CSV (header url, then any of code, title, tags, validUntil, maxVisits; at most 10,000 rows and 2 MB); the links are created in the background.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        imports.MapGet("/{id:guid}", GetAsync).WithName("GetImport").WithSummary("An import's progress and its row errors.");
        return app;
    }

    private static async Task<Results<Accepted<ImportAccepted>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, ImportStore store, ImportDispatcher dispatcher, IOptions<ImportQuotaOptions> quota, CancellationToken cancellationToken)
    {
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type",
                type: "https://tools.ietf.org/html/rfc9110#section-15.5.16", detail: "Send the file as text/csv.");
        }
        if (http.Request.ContentLength > ImportFile.MaximumBytes)
        {
            return TooLarge();
        }
        // This endpoint alone takes bodies above the Api's small default limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ImportFile.MaximumBytes;
        }
        string file;
        try
        {
            using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            file = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (DecoderFallbackException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["The file is not UTF-8 text."] });
        }
        if (!ImportFile.TryRead(file, out var rows, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [error] });
        }

        var importId = Guid.CreateVersion7();
        var admission = await store.CreateAsync(importId, http.User.AccountId(), file, rows.Count, quota.Value, cancellationToken);
        if (admission.Position is not { } position)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(admission.RetryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Import quota reached",
                type: "https://tools.ietf.org/html/rfc6585#section-4", detail: $"{admission.Refusal} Try again in {seconds} seconds.");
        }
        http.Response.SetConsistencyToken(position);
        await dispatcher.TryDispatchAsync(importId, position, cancellationToken); // not confirmed: sent again later
        return TypedResults.Accepted($"/api/imports/{importId}", new ImportAccepted(importId, "queued"));
    }

    private static async Task<Results<Ok<ImportStatus>, ValidationProblem, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, ImportStore store, CancellationToken cancellationToken)
    {
        var (tokenValid, token, errors) = await http.ReadConsistencyTokenAsync(cancellationToken);
        if (!tokenValid)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (status, source) = await store.FindOwnedAsync(id, http.User.AccountId(), token, cancellationToken);
        http.Response.SetReadSource(source);
        return status is not null
            ? TypedResults.Ok(status)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Import not found", type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Content Too Large", type: "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        detail: $"An import file is at most {ImportFile.MaximumBytes} bytes.");
}
