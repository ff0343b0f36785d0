using System.Text.Json;
using Json.Schema;

namespace AppHost.Tests.Deployment;

// Aspire's manifest schema: aspire-8.0.json is a copy of microsoft/aspire's src/Schema/aspire-8.0.json (MIT, .NET
// Foundation), as shipped in the workspace's shared/schemas folder; copied so that CI needs nothing outside the checkout.
public static class ManifestSchema
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Deployment", "aspire-8.0.json"));

    public static IReadOnlyList<string> Errors(string manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        var results = Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        return [.. (results.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
            .DefaultIfEmpty("invalid")];
    }
}
