using Aspire.Hosting.Publishing;

namespace AppHost.Azure;

// An Azure resource that azd provisions from a Bicep file of ours (AppHost/Azure/*.bicep): written to the manifest as
// azure.bicep.v0, the shape Aspire.Hosting.Azure writes (not available here). It exists only when publishing.
public sealed class AzureBicepModuleResource(string name, string bicepFile) : Resource(name), IResourceWithConnectionString
{
    public const string ManifestType = "azure.bicep.v0";

    // The module's file name under AppHost/Azure/.
    public string BicepFile { get; } = bicepFile;

    // Module parameters: a string, a parameter resource or another module's output. "" asks azd to fill in its own
    // (keyVaultName, principalId, ...); azd always adds location.
    public Dictionary<string, object> Parameters { get; } = [];

    public ReferenceExpression? ConnectionString { get; set; }

    public ReferenceExpression ConnectionStringExpression =>
        ConnectionString ?? throw new InvalidOperationException($"The module '{Name}' has no connection string.");

    public BicepOutputReference GetOutput(string name) => new(this, "outputs", name);

    // An output the module writes to the Key Vault azd creates; azd gives it to Container Apps as a Key Vault secret.
    public BicepOutputReference GetSecretOutput(string name) => new(this, "secretOutputs", name);

    // azd reads the path relative to the manifest, so the module goes beside it.
    public void WriteToManifest(ManifestPublishingContext context, string appHostDirectory)
    {
        var manifestDirectory = Path.GetDirectoryName(Path.GetFullPath(context.ManifestPath!))!;
        var target = Path.Combine(manifestDirectory, $"{Name}.module.bicep");
        File.Copy(Path.Combine(appHostDirectory, "Azure", BicepFile), target, overwrite: true);

        var writer = context.Writer;
        writer.WriteString("type", ManifestType);
        writer.WriteString("path", context.GetManifestRelativePath(target));
        if (ConnectionString is not null)
        {
            writer.WriteString("connectionString", ConnectionString.ValueExpression);
        }
        writer.WriteStartObject("params");
        foreach (var (key, value) in Parameters)
        {
            writer.WriteString(key, value switch
            {
                string text => text,
                IManifestExpressionProvider expression => expression.ValueExpression,
                _ => throw new InvalidOperationException($"{Name}: parameter {key} is a {value.GetType().Name}"),
            });
        }
        writer.WriteEndObject();
    }
}

// {module.outputs.name} or {module.secretOutputs.name}: known only once azd has provisioned the module.
public sealed class BicepOutputReference(AzureBicepModuleResource module, string kind, string name)
    : IManifestExpressionProvider, IValueProvider, IValueWithReferences
{
    public AzureBicepModuleResource Module { get; } = module;

    public string ValueExpression => $"{{{Module.Name}.{kind}.{name}}}";

    public IEnumerable<object> References => [Module];

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"{ValueExpression} exists only in a deployment azd provisions.");
}

public static class AzureBicepModuleExtensions
{
    public static IResourceBuilder<AzureBicepModuleResource> AddAzureBicepModule(this IDistributedApplicationBuilder builder, string name, string bicepFile)
    {
        var module = new AzureBicepModuleResource(name, bicepFile);
        return builder.AddResource(module).WithManifestPublishingCallback(context =>
        {
            module.WriteToManifest(context, builder.AppHostDirectory);
            return Task.CompletedTask;
        });
    }
}
