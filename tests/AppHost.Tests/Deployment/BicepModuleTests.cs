using System.Text.Json.Nodes;

namespace AppHost.Tests.Deployment;

// The Azure modules azd provisions from the manifest (AppHost/Azure/*.bicep), compiled offline with the Bicep CLI and
// checked against what azd passes and reads, and against the list of values Azure accepts (AppHost/Azure/allowed-values.json).
[Collection(nameof(PublishedManifest))]
public sealed class BicepModuleTests(PublishedManifest manifest)
{
    public static readonly TheoryData<string> Files = [.. Directory.GetFiles(RepositoryRoot.Combine("AppHost", "Azure"), "*.bicep").Select(path => Path.GetFileName(path)!).Order()];

    public static readonly TheoryData<string> Managed = ["postgres", "postgres-replica", "cache"];

    private static readonly JsonObject Allowed = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("AppHost", "Azure", "allowed-values.json")))!["resourceTypes"]!.AsObject();

    private BicepBuild ModuleOf(string resource) =>
        BicepCli.Build(Path.Combine(manifest.Directory, manifest.Resources[resource]!["path"]!.ToString()));

    private static BicepBuild Source(string file) => BicepCli.Build(RepositoryRoot.Combine("AppHost", "Azure", file));

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_module_compiles_without_an_error_or_a_BCP_warning(string file)
    {
        var build = Source(file);
        Assert.Equal(0, build.ExitCode);
        Assert.DoesNotContain(build.DiagnosticLines, line => line.Contains("Warning BCP", StringComparison.Ordinal) || line.Contains("Error", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_resource_type_api_version_and_enum_value_is_a_listed_one(string file) =>
        Assert.Empty(BicepModules.UnlistedValues(file, Source(file), Allowed));

    [Theory]
    [MemberData(nameof(Managed))]
    public void The_managed_services_are_bicep_modules_published_beside_the_manifest(string resource)
    {
        Assert.Equal(BicepModules.ManifestType, AzdManifestRules.TypeOf(manifest.Resources[resource]));
        var path = manifest.Resources[resource]!["path"]!.ToString();
        Assert.False(Path.IsPathRooted(path), $"{resource}: {path} is not relative to the manifest");
        Assert.True(File.Exists(Path.Combine(manifest.Directory, path)), $"{resource}: no {path} beside the manifest");
    }

    [Fact]
    public void Every_param_the_manifest_passes_is_declared_by_its_module_and_location_too() =>
        Assert.Empty(BicepModules.Of(manifest.Resources).SelectMany(module => BicepModules.UndeclaredParameters(module.Name, module.Resource, ModuleOf(module.Name))));

    [Fact]
    public void Every_output_the_manifest_references_is_one_its_module_has() =>
        Assert.Empty(BicepModules.MissingOutputs(manifest.Resources, ModuleOf));

    [Fact]
    public void The_published_modules_compile_clean_too() =>
        Assert.All(BicepModules.Of(manifest.Resources), module =>
        {
            var build = ModuleOf(module.Name);
            Assert.Equal(0, build.ExitCode);
            Assert.DoesNotContain("Warning BCP", build.Diagnostics, StringComparison.Ordinal);
        });

    // A read replica needs General Purpose or Memory Optimized, and a standby refuses to start with fewer connections.
    [Fact]
    public void The_replica_has_the_primarys_SKU_and_at_least_its_max_connections()
    {
        var (primary, replica) = (Server(Source("postgres-flexible-server.bicep")), Server(Source("postgres-read-replica.bicep")));
        Assert.Equal("Replica", replica["properties"]!["createMode"]!.ToString());
        Assert.NotEqual("Burstable", replica["sku"]!["tier"]!.ToString());
        Assert.Equal(primary["sku"]!.ToJsonString(), replica["sku"]!.ToJsonString());
        Assert.True(MaxConnections("postgres-read-replica.bicep") >= MaxConnections("postgres-flexible-server.bicep"));
    }

    [Fact]
    public void Both_postgres_servers_require_TLS_1_2_and_the_primary_keeps_geo_redundant_backups()
    {
        foreach (var file in new[] { "postgres-flexible-server.bicep", "postgres-read-replica.bicep" })
        {
            Assert.Equal("on", Configuration(file, "require_secure_transport"));
            Assert.Equal("TLSv1.2", Configuration(file, "ssl_min_protocol_version"));
        }
        var backup = Server(Source("postgres-flexible-server.bicep"))["properties"]!["backup"]!;
        Assert.True(backup["backupRetentionDays"]!.GetValue<int>() >= 7);
        Assert.Equal("Enabled", backup["geoRedundantBackup"]!.ToString());
    }

    [Fact]
    public void The_cache_speaks_TLS_only_on_port_10000_and_persists()
    {
        var build = Source("managed-redis.bicep");
        Assert.Equal("1.2", build.Resources.Single(r => r["type"]!.ToString() == "Microsoft.Cache/redisEnterprise")["properties"]!["minimumTlsVersion"]!.ToString());
        var database = build.Resources.Single(r => r["type"]!.ToString() == "Microsoft.Cache/redisEnterprise/databases")["properties"]!;
        Assert.Equal("Encrypted", database["clientProtocol"]!.ToString());
        Assert.Equal(10000, database["port"]!.GetValue<int>());
        Assert.True(database["persistence"]!["aofEnabled"]!.GetValue<bool>());
    }

    public static int MaxConnections(string file) => Source(file).Variables["maxConnections"]!.GetValue<int>();

    private static JsonObject Server(BicepBuild build) =>
        build.Resources.Single(resource => resource["type"]!.ToString() == "Microsoft.DBforPostgreSQL/flexibleServers");

    private static string? Configuration(string file, string name) =>
        Source(file).Resources.SingleOrDefault(resource => resource["type"]!.ToString() == "Microsoft.DBforPostgreSQL/flexibleServers/configurations"
            && resource["name"]!.ToString().EndsWith($"'{name}')]", StringComparison.Ordinal))?["properties"]!["value"]!.ToString();
}
