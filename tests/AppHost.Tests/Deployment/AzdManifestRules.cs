using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AppHost.Tests.Deployment;

// What azd refuses in a manifest, as its generator decides it (Azure/azure-dev, cli/azd/pkg/apphost: generate.go,
// aca_ingress.go). Each rule returns what breaks it, one line per finding, so a failing test names the culprit.
public static partial class AzdManifestRules
{
    public static readonly IReadOnlySet<string> AcceptedTypes = new HashSet<string>
    {
        "project.v0", "project.v1", "container.v0", "container.v1", "dockerfile.v0", "parameter.v0", "value.v0",
        "annotated.string", "azure.bicep.v0", "azure.bicep.v1", "dapr.v0", "dapr.component.v0",
    };

    public static IEnumerable<string> UnacceptedTypes(JsonObject resources) =>
        from resource in resources
        let type = TypeOf(resource.Value)
        where !AcceptedTypes.Contains(type)
        select $"{resource.Key}: type {type}";

    // A Container App has one ingress: bindings that share a target port form one group, and at most one group
    // may be external, over HTTP, on the default ports.
    public static IEnumerable<string> IngressViolations(JsonObject resources)
    {
        foreach (var (name, resource) in resources)
        {
            if (resource?["bindings"] is not JsonObject bindings)
            {
                continue;
            }
            var externalGroups = 0;
            foreach (var group in bindings.GroupBy(binding => binding.Value?["targetPort"]?.ToString() ?? "default"))
            {
                if (!group.Any(binding => binding.Value?["external"]?.GetValue<bool>() == true))
                {
                    continue;
                }
                externalGroups++;
                if (!group.All(binding => Scheme(binding.Value) is "http" or "https"))
                {
                    yield return $"{name}: an external endpoint that is not HTTP (target port {group.Key})";
                }
            }
            if (externalGroups > 1)
            {
                yield return $"{name}: {externalGroups} external endpoint groups (one at most)";
            }
            foreach (var (bindingName, binding) in bindings)
            {
                var port = binding?["port"]?.GetValue<int>();
                var scheme = Scheme(binding);
                if ((scheme == "http" && port is not null and not 80) || (scheme == "https" && port is not null and not 443))
                {
                    yield return $"{name}.{bindingName}: {scheme} on port {port} (the ingress serves 80 and 443 only)";
                }
                if (scheme == "tcp" && binding?["targetPort"] is null)
                {
                    yield return $"{name}.{bindingName}: tcp without a targetPort";
                }
            }
        }
    }

    // Container Apps can only hide a secret in an environment variable; azd refuses one in args.
    public static IEnumerable<string> SecretsInArgs(JsonObject resources) =>
        from resource in resources
        where resource.Value?["args"] is JsonArray
        from arg in resource.Value!["args"]!.AsArray().Select((arg, index) => (Text: arg?.ToString() ?? "", Index: index))
        where arg.Text.Contains(".connectionString}", StringComparison.Ordinal) || References(arg.Text).Any(reference => IsSecret(resources, reference.Resource))
        select $"{resource.Key}: argument {arg.Index} carries a connection string or a secret";

    // Container Apps mounts a volume as an Azure Files (SMB) share, where PostgreSQL cannot chmod its data or hard-link.
    public static IEnumerable<string> VolumesOnPostgres(JsonObject resources) =>
        from resource in resources
        where TypeOf(resource.Value).StartsWith("container.", StringComparison.Ordinal)
            && (resource.Value?["image"]?.ToString() ?? "").Contains("postgres", StringComparison.Ordinal)
        from kind in new[] { "volumes", "bindMounts" }
        where resource.Value?[kind] is JsonArray { Count: > 0 }
        select $"{resource.Key}: {kind} on a postgres image";

    // azd breaks a parameter with a default and a dash in its name. A secret with a generated default is the exception
    // it handles (an @secure() Bicep parameter, dashes turned into underscores), as Aspire's own "*-password" ones are.
    public static IEnumerable<string> DashedParametersWithDefault(JsonObject resources) =>
        from resource in resources
        where TypeOf(resource.Value) == "parameter.v0" && resource.Key.Contains('-')
        from input in resource.Value?["inputs"]?.AsObject() ?? []
        let defaultValue = input.Value?["default"]
        where defaultValue is not null
            && !(input.Value?["secret"]?.GetValue<bool>() == true && defaultValue["generate"] is not null && defaultValue["value"] is null)
        select $"{resource.Key}: a default with a dash in the name";

    public static IEnumerable<string> DanglingReferences(JsonObject resources)
    {
        foreach (var (owner, text) in Strings(resources))
        {
            foreach (var (name, property) in References(text))
            {
                var target = resources[name];
                if (target is null)
                {
                    yield return $"{owner}: {{{name}.{property}}} names no resource";
                    continue;
                }
                var parts = property.Split('.');
                var exists = parts[0] switch
                {
                    "bindings" => parts.Length == 3 && target["bindings"]?[parts[1]] is not null,
                    "inputs" => parts.Length == 2 && target["inputs"]?[parts[1]] is not null,
                    "connectionString" => target["connectionString"] is not null,
                    "value" => target["value"] is not null,
                    // That the module has the output is BicepModuleTests' check, against the compiled module.
                    "outputs" or "secretOutputs" => parts.Length == 2 && TypeOf(target) is "azure.bicep.v0" or "azure.bicep.v1",
                    _ => false,
                };
                if (!exists)
                {
                    yield return $"{owner}: {{{name}.{property}}} names nothing on {name}";
                }
            }
        }
    }

    public static string TypeOf(JsonNode? resource) => resource?["type"]?.ToString() ?? "(none)";

    // True when the value of a resource is, or carries, a secret parameter.
    public static bool IsSecret(JsonObject resources, string name) => IsSecret(resources, name, depth: 0);

    public static IEnumerable<(string Resource, string Property)> References(string text) =>
        ReferencePattern().Matches(text).Select(match => (match.Groups[1].Value, match.Groups[2].Value));

    private static bool IsSecret(JsonObject resources, string name, int depth) =>
        depth < 10 && resources[name] is { } resource && TypeOf(resource) switch
        {
            "parameter.v0" => resource["inputs"]?.AsObject().Any(input => input.Value?["secret"]?.GetValue<bool>() == true) == true,
            "annotated.string" or "value.v0" => References(resource["value"]?.ToString() ?? "").Any(reference => IsSecret(resources, reference.Resource, depth + 1)),
            _ => false,
        };

    private static string? Scheme(JsonNode? binding) => binding?["scheme"]?.ToString();

    private static IEnumerable<(string Owner, string Text)> Strings(JsonObject resources)
    {
        IEnumerable<string> Walk(JsonNode? node) => node switch
        {
            JsonObject values => values.SelectMany(value => Walk(value.Value)),
            JsonArray items => items.SelectMany(Walk),
            JsonValue value when value.TryGetValue<string>(out var text) => [text],
            _ => [],
        };
        return resources.SelectMany(resource => Walk(resource.Value).Select(text => (resource.Key, text)));
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_\-]*)\.([A-Za-z][A-Za-z0-9_\-\.]*)\}")]
    private static partial Regex ReferencePattern();
}
