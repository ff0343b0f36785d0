using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace AppHost.Tests.Deployment;

// An AppHost/infra/<resource>.tmpl.yaml: the Container App azd deploys instead of generating one from the manifest
// (azure-dev, service_target_dotnet_containerapp.go). azd runs it as a Go template, then reads the YAML; here every
// {{ action }} becomes $(action) so that the YAML can be read and the actions checked.
public sealed partial class ContainerAppOverride
{
    // The outputs of azd's generated main.bicep that a Container App template may read, and its template functions.
    public static readonly IReadOnlySet<string> ProvisionedValues = new HashSet<string>
    {
        "AZURE_LOCATION", "AZURE_CONTAINER_APPS_ENVIRONMENT_ID", "AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN",
        "AZURE_CONTAINER_REGISTRY_ENDPOINT", "AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID", "MANAGED_IDENTITY_CLIENT_ID",
    };

    public static readonly IReadOnlySet<string> TemplateFunctions = new HashSet<string>
    {
        "securedParameter", "parameter", "parameterWithDefault", "uriEncode", "targetPortOrDefault", "secretOutput", "urlHost",
    };

    private ContainerAppOverride(string name, JsonObject document, IReadOnlyList<string> actions)
    {
        Name = name;
        Document = document;
        Actions = actions;
    }

    public string Name { get; }

    public JsonObject Document { get; }

    public IReadOnlyList<string> Actions { get; }

    public JsonObject Container => Document["properties"]?["template"]?["containers"]?[0]?.AsObject()
        ?? throw new InvalidOperationException($"{Name}: no properties.template.containers[0]");

    public JsonObject Scale => Document["properties"]?["template"]?["scale"]?.AsObject()
        ?? throw new InvalidOperationException($"{Name}: no properties.template.scale");

    public int MinReplicas => int.Parse(Scale["minReplicas"]!.ToString());

    public int MaxReplicas => int.Parse(Scale["maxReplicas"]!.ToString());

    public IEnumerable<JsonObject> ScaleRules => Scale["rules"]?.AsArray().Select(rule => rule!.AsObject()) ?? [];

    public IReadOnlyDictionary<string, string> Secrets =>
        (Document["properties"]?["configuration"]?["secrets"]?.AsArray() ?? [])
        .GroupBy(secret => secret!["name"]!.ToString())
        .ToDictionary(group => group.Key, group => group.First()!["value"]?.ToString() ?? "");

    public static string PathOf(string resource) => RepositoryRoot.Combine("AppHost", "infra", $"{resource}.tmpl.yaml");

    public static ContainerAppOverride Load(string resource) => Parse(resource, File.ReadAllText(PathOf(resource)));

    public static ContainerAppOverride Parse(string name, string template)
    {
        var actions = ActionPattern().Matches(template).Select(match => match.Groups[1].Value.Trim()).ToList();
        var yaml = ActionPattern().Replace(template, match => $"$({match.Groups[1].Value.Trim()})");
        var graph = new DeserializerBuilder().Build().Deserialize<object>(yaml);
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
        return new ContainerAppOverride(name, JsonNode.Parse(json)!.AsObject(), actions);
    }

    // Where this file and what azd would generate from the manifest for the same resource disagree.
    public IEnumerable<string> Mismatches(JsonObject resources)
    {
        if (resources[Name] is not JsonObject resource)
        {
            yield return $"{Name}: no such resource in the manifest";
            yield break;
        }

        var manifestEnv = resource["env"]?.AsObject() ?? [];
        var env = (Container["env"]?.AsArray() ?? []).Select(entry => entry!.AsObject())
            .Where(entry => entry["name"]!.ToString() != "AZURE_CLIENT_ID") // azd adds it to every Container App
            .ToList();
        var names = env.Select(entry => entry["name"]!.ToString()).ToList();
        foreach (var key in manifestEnv.Select(variable => variable.Key).Except(names))
        {
            yield return $"{Name}: env {key} is in the manifest, not in the override";
        }
        foreach (var key in names.Except(manifestEnv.Select(variable => variable.Key)))
        {
            yield return $"{Name}: env {key} is in the override, not in the manifest";
        }
        foreach (var key in names.GroupBy(key => key).Where(group => group.Count() > 1).Select(group => group.Key))
        {
            yield return $"{Name}: env {key} twice";
        }

        var secretNames = (Document["properties"]?["configuration"]?["secrets"]?.AsArray() ?? []).Select(secret => secret!["name"]!.ToString()).ToList();
        foreach (var secret in secretNames.GroupBy(secret => secret).Where(group => group.Count() > 1).Select(group => group.Key))
        {
            yield return $"{Name}: secret {secret} twice";
        }
        foreach (var entry in env)
        {
            var key = entry["name"]!.ToString();
            var secretRef = entry["secretRef"]?.ToString();
            if (secretRef is not null && !secretNames.Contains(secretRef))
            {
                yield return $"{Name}: env {key} refers to no secret {secretRef}";
            }
            if (secretRef is null && (entry["value"]?.ToString() ?? "").Contains("securedParameter", StringComparison.Ordinal))
            {
                yield return $"{Name}: env {key} holds a secret in plain text";
            }
            if (secretRef is null && manifestEnv[key] is { } manifestValue && CarriesSecret(resources, key, manifestValue.ToString()))
            {
                yield return $"{Name}: env {key} carries a secret: it must be a secretRef";
            }
        }

        var manifestArgs = resource["args"]?.AsArray().Select(arg => arg!.ToString()).ToList() ?? [];
        var args = Container["args"]?.AsArray().Select(arg => arg!.ToString()).ToList() ?? [];
        if (!manifestArgs.SequenceEqual(args))
        {
            yield return $"{Name}: args differ from the manifest's";
        }
        var entrypoint = resource["entrypoint"]?.ToString();
        var command = Container["command"]?.AsArray().Select(part => part!.ToString()).ToList() ?? [];
        if (!(entrypoint is null ? command.Count == 0 : command.SequenceEqual([entrypoint])))
        {
            yield return $"{Name}: command differs from the manifest's entrypoint";
        }

        var bindings = resource["bindings"]?.AsObject() ?? [];
        var ingress = Document["properties"]?["configuration"]?["ingress"];
        if ((bindings.Count == 0) != (ingress is null))
        {
            yield return $"{Name}: ingress {(ingress is null ? "missing" : "present")}, the manifest has {bindings.Count} bindings";
        }
        else if (ingress is not null)
        {
            var external = bindings.Any(binding => binding.Value?["external"]?.GetValue<bool>() == true);
            if (ingress["external"]?.ToString() != (external ? "true" : "false"))
            {
                yield return $"{Name}: ingress external is {ingress["external"]}, the manifest says {external}";
            }
            var http = bindings.Any(binding => binding.Value?["scheme"]?.ToString() is "http" or "https");
            if (ingress["transport"]?.ToString() != (http ? "http" : "tcp"))
            {
                yield return $"{Name}: ingress transport {ingress["transport"]}, the manifest's bindings are {(http ? "http" : "tcp")}";
            }
        }

        foreach (var action in Actions)
        {
            var function = action.Split(' ', 2)[0];
            if (function.StartsWith(".Env.", StringComparison.Ordinal) ? !ProvisionedValues.Contains(function[".Env.".Length..]) && !ModuleValues(resources).Contains(function[".Env.".Length..]) : function != ".Image" && !TemplateFunctions.Contains(function))
            {
                yield return $"{Name}: {{{{ {action} }}}} is nothing azd provides";
            }
            foreach (Match parameter in ParameterPattern().Matches(action))
            {
                var secret = parameter.Groups[1].Value == "securedParameter";
                var target = resources.FirstOrDefault(candidate => candidate.Key.Replace('-', '_') == parameter.Groups[2].Value);
                if (AzdManifestRules.TypeOf(target.Value) != "parameter.v0")
                {
                    yield return $"{Name}: {parameter.Value} names no parameter of the manifest";
                }
                else if (secret != AzdManifestRules.IsSecret(resources, target.Key))
                {
                    yield return $"{Name}: {parameter.Value}, but {target.Key} is {(secret ? "not " : "")}a secret";
                }
            }
        }

        if (Document["tags"]?["azd-service-name"]?.ToString() != Name || Container["name"]?.ToString() != Name)
        {
            yield return $"{Name}: the service tag or container name is not {Name}";
        }
        if (Container["image"]?.ToString() != "$(.Image)")
        {
            yield return $"{Name}: the image is not azd's {{{{ .Image }}}}";
        }
        if (MinReplicas > MaxReplicas)
        {
            yield return $"{Name}: minReplicas {MinReplicas} > maxReplicas {MaxReplicas}";
        }
    }

    // What azd's main.bicep outputs for the manifest's Bicep modules: {x.outputs.y} as X_Y, and for {x.secretOutputs.y} the
    // endpoint of the Key Vault it creates for x, SERVICE_BINDING_KV<FNV-1a of x, hex>_ENDPOINT (azure-dev, apphost/generate.go).
    public static IReadOnlySet<string> ModuleValues(JsonObject resources) =>
        OutputReferencePattern().Matches(resources.ToJsonString())
            .Select(match => match.Groups[2].Value == "outputs"
                ? $"{match.Groups[1].Value.Replace('-', '_')}_{match.Groups[3].Value}".ToUpperInvariant()
                : $"SERVICE_BINDING_KV{Fnv1a(match.Groups[1].Value):X}_ENDPOINT")
            .ToHashSet();

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619;
        }
        return hash;
    }

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_\-]*)\.(outputs|secretOutputs)\.([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex OutputReferencePattern();

    // azd's buildEnvBlock makes these Container App secrets, but misses a secret under uriEncode (the *_URI variables).
    private static bool CarriesSecret(JsonObject resources, string key, string value) =>
        key.Contains("ConnectionStrings__", StringComparison.Ordinal)
        || value.Contains(".connectionString}", StringComparison.Ordinal)
        || AzdManifestRules.References(value).Any(reference => AzdManifestRules.IsSecret(resources, reference.Resource));

    [GeneratedRegex(@"\{\{(.*?)\}\}")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"\b(securedParameter|parameterWithDefault|parameter) ""([^""]+)""")]
    private static partial Regex ParameterPattern();
}
