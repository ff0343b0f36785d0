using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AppHost.Tests.Deployment;

// What azd does with the manifest's azure.bicep.v0 resources (azure-dev, cli/azd/pkg/apphost): each file becomes a module
// of its main.bicep, called with location and the manifest's params; {x.outputs.y} and {x.secretOutputs.y} must exist.
// Each rule returns what breaks it, one line per finding.
public static partial class BicepModules
{
    public const string ManifestType = "azure.bicep.v0";

    // The module azd would call for each azure.bicep.v0 resource, as published beside the manifest.
    public static IEnumerable<(string Name, JsonObject Resource)> Of(JsonObject resources) =>
        from resource in resources
        where AzdManifestRules.TypeOf(resource.Value) == ManifestType
        select (resource.Key, resource.Value!.AsObject());

    public static IEnumerable<string> UndeclaredParameters(string name, JsonObject resource, BicepBuild module)
    {
        if (module.Parameters["location"] is null)
        {
            yield return $"{name}: no param location (azd always passes it)";
        }
        foreach (var key in (resource["params"]?.AsObject() ?? []).Select(param => param.Key))
        {
            if (module.Parameters[key] is null)
            {
                yield return $"{name}: the manifest passes params.{key}, the module declares no such param";
            }
        }
        foreach (var (key, parameter) in module.Parameters)
        {
            if (key != "location" && parameter?["defaultValue"] is null && resource["params"]?[key] is null)
            {
                yield return $"{name}: the module's param {key} has no default and the manifest passes none";
            }
        }
    }

    // Every {x.outputs.y} anywhere in the manifest names an output of x's module; every {x.secretOutputs.y} a Key Vault
    // secret y that x's module writes to the vault azd passes as keyVaultName.
    public static IEnumerable<string> MissingOutputs(JsonObject resources, Func<string, BicepBuild> moduleOf)
    {
        foreach (Match reference in OutputReference().Matches(resources.ToJsonString()))
        {
            var (name, kind, output) = (reference.Groups[1].Value, reference.Groups[2].Value, reference.Groups[3].Value);
            if (AzdManifestRules.TypeOf(resources[name]) != ManifestType)
            {
                yield return $"{reference.Value}: {name} is not an {ManifestType} resource";
                continue;
            }
            var module = moduleOf(name);
            if (kind == "outputs" && module.Outputs[output] is null)
            {
                yield return $"{reference.Value}: the module of {name} has no output {output}";
            }
            if (kind == "secretOutputs" && !(resources[name]!["params"]?["keyVaultName"]?.ToString() == "" && module.Resources.Any(resource =>
                resource["type"]?.ToString() == "Microsoft.KeyVault/vaults/secrets" && (resource["name"]?.ToString() ?? "").EndsWith($"'{output}')]", StringComparison.Ordinal))))
            {
                yield return $"{reference.Value}: the module of {name} writes no Key Vault secret {output} to azd's vault (keyVaultName: \"\")";
            }
        }
    }

    // Every resource type and API version the module uses is in the list, and every value at a listed path is listed.
    public static IEnumerable<string> UnlistedValues(string name, BicepBuild module, JsonObject allowed)
    {
        foreach (var resource in module.Resources)
        {
            var type = resource["type"]?.ToString() ?? "";
            var apiVersion = resource["apiVersion"]?.ToString() ?? "";
            if (allowed[type] is not JsonObject listed)
            {
                yield return $"{name}: resource type {type} is not in the list";
                continue;
            }
            if (!listed["apiVersions"]!.AsArray().Any(version => version!.ToString() == apiVersion))
            {
                yield return $"{name}: {type}@{apiVersion} is not a listed API version";
            }
            foreach (var (path, values) in listed["values"]!.AsObject())
            {
                var value = path.Split('.').Aggregate<string, JsonNode?>(resource, (node, part) => node?[part]);
                if (value is null || value.ToString().StartsWith('['))
                {
                    continue; // absent, or an ARM expression (a parameter): nothing literal to check
                }
                if (!values!.AsArray().Any(listedValue => listedValue!.ToJsonString() == value.ToJsonString()))
                {
                    yield return $"{name}: {type} {path} = {value.ToJsonString()} is not a listed value";
                }
            }
        }
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_\-]*)\.(outputs|secretOutputs)\.([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex OutputReference();
}
