using System.Text.Json.Nodes;

namespace AppHost.Tests.Deployment;

// Each check of the Azure modules refuses what azd or Azure would refuse: proof that they can fail.
public sealed class BicepModuleCheckTests
{
    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    private static BicepBuild Module(string template) => new("m.bicep", 0, "", Json(template));

    private static readonly BicepBuild Server = Module("""
        { "parameters": { "location": { "type": "string", "defaultValue": "[resourceGroup().location]" }, "password": { "type": "securestring" } },
          "outputs": { "hostName": { "type": "string", "value": "x" } },
          "resources": [ { "type": "Microsoft.DBforPostgreSQL/flexibleServers", "apiVersion": "2025-08-01", "sku": { "name": "Standard_D2ds_v5", "tier": "GeneralPurpose" },
                           "properties": { "createMode": "Replica", "version": "[parameters('version')]" } } ] }
        """);

    private static readonly JsonObject Allowed = Json("""
        { "Microsoft.DBforPostgreSQL/flexibleServers": { "apiVersions": [ "2025-08-01" ],
            "values": { "sku.tier": [ "GeneralPurpose" ], "properties.createMode": [ "Default", "Replica" ], "properties.version": [ "17" ] } } }
        """);

    [Fact]
    public void A_module_passed_what_it_declares_passes() =>
        Assert.Empty(BicepModules.UndeclaredParameters("pg", Json("""{ "params": { "password": "{pw.value}" } }"""), Server));

    [Fact]
    public void An_undeclared_param_a_missing_location_or_an_unpassed_param_is_refused()
    {
        var withoutLocation = Module("""{ "parameters": { "password": { "type": "securestring" } } }""");
        Assert.Equal(
            ["pg: no param location (azd always passes it)", "pg: the manifest passes params.pasword, the module declares no such param", "pg: the module's param password has no default and the manifest passes none"],
            BicepModules.UndeclaredParameters("pg", Json("""{ "params": { "pasword": "{pw.value}" } }"""), withoutLocation));
    }

    [Fact]
    public void A_reference_to_a_missing_output_or_secret_output_is_refused()
    {
        var resources = Json("""
            { "pg": { "type": "azure.bicep.v0", "path": "pg.bicep", "connectionString": "Host={pg.outputs.hostName};Id={pg.outputs.id}" },
              "cache": { "type": "azure.bicep.v0", "path": "c.bicep", "connectionString": "{cache.secretOutputs.connectionString}", "params": { "keyVaultName": "" } },
              "app": { "type": "project.v0", "path": "a.csproj", "env": { "X": "{app.outputs.y}" } } }
            """);
        Assert.Equal(
            ["{pg.outputs.id}: the module of pg has no output id", "{cache.secretOutputs.connectionString}: the module of cache writes no Key Vault secret connectionString to azd's vault (keyVaultName: \"\")", "{app.outputs.y}: app is not an azure.bicep.v0 resource"],
            BicepModules.MissingOutputs(resources, _ => Server));
    }

    [Fact]
    public void A_listed_value_passes_and_an_expression_is_not_checked() =>
        Assert.Empty(BicepModules.UnlistedValues("m", Server, Allowed));

    [Fact]
    public void A_misspelled_enum_value_an_unlisted_api_version_or_resource_type_is_refused()
    {
        var module = Module("""
            { "resources": [ { "type": "Microsoft.DBforPostgreSQL/flexibleServers", "apiVersion": "2024-08-01", "sku": { "tier": "Burstable" }, "properties": { "createMode": "Replicaa" } },
                             { "type": "Microsoft.Cache/redis", "apiVersion": "2024-11-01" } ] }
            """);
        Assert.Equal(
            ["m: Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01 is not a listed API version",
             "m: Microsoft.DBforPostgreSQL/flexibleServers sku.tier = \"Burstable\" is not a listed value",
             "m: Microsoft.DBforPostgreSQL/flexibleServers properties.createMode = \"Replicaa\" is not a listed value",
             "m: resource type Microsoft.Cache/redis is not in the list"],
            BicepModules.UnlistedValues("m", module, Allowed));
    }

    // The Bicep CLI exits 0 on a misspelled property: the gate is its BCP warning.
    [Fact]
    public void A_misspelled_property_compiles_with_a_BCP_warning_that_the_gate_sees()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("bicep-check-").FullName, "typo.bicep");
        File.WriteAllText(file, """
            param location string
            resource cache 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
              name: 'cache-check'
              location: location
              sku: { name: 'Balanced_B1' }
              properties: { minimumTlsVersion: '1.2', publicNetworkAccess: 'Enabled', minimumTlsVersoin: '1.2' }
            }
            """);
        var build = BicepCli.Build(file);
        Assert.Equal(0, build.ExitCode);
        Assert.Contains(build.DiagnosticLines, line => line.Contains("Warning BCP", StringComparison.Ordinal));
    }
}
