using System.Text.Json.Nodes;
using Migrations;

namespace AppHost.Tests.Deployment;

// The manifest azd reads, published as azd publishes it, against what azd and Container Apps accept.
[Collection(nameof(PublishedManifest))]
public sealed class PublishedManifestTests(PublishedManifest manifest)
{
    // Published, the databases and the cache are Azure's managed services; only the broker stays a container (a labelled demo).
    private static readonly string[] ManagedServices = ["cache", "postgres", "postgres-replica"];

    private static readonly string[] StatefulContainers = ["messaging"];

    private JsonObject Resources => manifest.Resources;

    [Fact]
    public void The_manifest_is_valid_against_Aspires_manifest_schema() =>
        Assert.Empty(ManifestSchema.Errors(manifest.Text));

    [Fact]
    public void Every_resource_is_of_a_type_azd_deploys() =>
        Assert.Empty(AzdManifestRules.UnacceptedTypes(Resources));

    [Fact]
    public void Every_managed_service_is_a_bicep_module_the_broker_a_container_and_every_service_a_project()
    {
        foreach (var name in ManagedServices)
        {
            Assert.Equal("azure.bicep.v0", AzdManifestRules.TypeOf(Resources[name]));
        }
        foreach (var name in StatefulContainers)
        {
            Assert.Equal("container.v0", AzdManifestRules.TypeOf(Resources[name]));
        }
        Assert.Equal("value.v0", AzdManifestRules.TypeOf(Resources["links"]));
        Assert.Equal("value.v0", AzdManifestRules.TypeOf(Resources["links-replica"]));
        foreach (var name in new[] { "api", "worker", "web" })
        {
            Assert.Equal("project.v0", AzdManifestRules.TypeOf(Resources[name]));
        }
    }

    [Fact]
    public void Web_and_api_are_public_over_http_and_the_worker_has_no_ingress()
    {
        foreach (var name in new[] { "web", "api" })
        {
            var bindings = Resources[name]!["bindings"]!.AsObject();
            Assert.NotEmpty(bindings);
            Assert.All(bindings, binding =>
            {
                Assert.Contains(binding.Value!["scheme"]!.ToString(), new[] { "http", "https" });
                Assert.True(binding.Value!["external"]?.GetValue<bool>(), $"{name}.{binding.Key} is not external");
            });
        }
        Assert.Null(Resources["worker"]!["bindings"]);
    }

    [Fact]
    public void The_broker_is_internal_tcp_with_a_target_port()
    {
        foreach (var name in StatefulContainers)
        {
            var bindings = Resources[name]!["bindings"]!.AsObject();
            Assert.NotEmpty(bindings);
            Assert.All(bindings, binding =>
            {
                Assert.Equal("tcp", binding.Value!["transport"]!.ToString());
                Assert.NotEqual(true, binding.Value!["external"]?.GetValue<bool>());
                Assert.NotNull(binding.Value!["targetPort"]);
            });
        }
    }

    // Container Apps keeps a container's files only as long as its replica: a container with state must say so.
    [Fact]
    public void Every_container_says_that_its_storage_is_ephemeral()
    {
        var containers = Resources.Where(resource => AzdManifestRules.TypeOf(resource.Value).StartsWith("container.", StringComparison.Ordinal)).ToList();
        Assert.Equal(StatefulContainers, containers.Select(resource => resource.Key));
        Assert.All(containers, container => Assert.Contains("lost", container.Value!["env"]?["DEMO_ONLY_EPHEMERAL_STORAGE"]?.ToString() ?? "", StringComparison.Ordinal));
    }

    // Each service gets the same connection string names as in run mode: no service code changes for Azure.
    [Fact]
    public void The_services_connect_to_the_managed_services_under_the_run_mode_names()
    {
        foreach (var (service, names) in new[] { ("api", new[] { "cache", "messaging", "links", "links-replica" }), ("worker", ["messaging", "links", "links-replica"]), ("web", ["cache"]) })
        {
            foreach (var name in names)
            {
                Assert.Equal($"{{{name}.connectionString}}", Resources[service]!["env"]![$"ConnectionStrings__{name}"]?.ToString());
            }
        }
        Assert.Equal("{postgres.connectionString};Database=links", Resources["links"]!["connectionString"]!.ToString());
        Assert.Equal("{postgres-replica.connectionString};Database=links", Resources["links-replica"]!["connectionString"]!.ToString());
        Assert.Contains("Host={postgres.outputs.hostName}", Resources["postgres"]!["connectionString"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("SSL Mode=Require", Resources["postgres-replica"]!["connectionString"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("{cache.secretOutputs.connectionString}", Resources["cache"]!["connectionString"]!.ToString());
    }

    [Fact]
    public void Every_endpoint_fits_a_Container_Apps_ingress() =>
        Assert.Empty(AzdManifestRules.IngressViolations(Resources));

    [Fact]
    public void No_connection_string_or_secret_is_passed_in_container_args() =>
        Assert.Empty(AzdManifestRules.SecretsInArgs(Resources));

    [Fact]
    public void No_postgres_container_has_a_volume() =>
        Assert.Empty(AzdManifestRules.VolumesOnPostgres(Resources));

    [Fact]
    public void No_parameter_with_a_default_has_a_dash_in_its_name() =>
        Assert.Empty(AzdManifestRules.DashedParametersWithDefault(Resources));

    [Fact]
    public void Every_reference_names_an_existing_resource_and_property() =>
        Assert.Empty(AzdManifestRules.DanglingReferences(Resources));

    [Theory]
    [InlineData("accesstokensigningkey")]
    [InlineData("webforwardingkey")]
    [InlineData("operatorkey")]
    [InlineData("postgres-password")]
    [InlineData("messaging-password")]
    public void Each_secret_is_a_secret_parameter_that_azd_generates_at_provisioning(string name)
    {
        Assert.Equal("parameter.v0", AzdManifestRules.TypeOf(Resources[name]));
        var input = Resources[name]!["inputs"]!["value"]!;
        Assert.True(input["secret"]?.GetValue<bool>(), $"{name} is not secret");
        Assert.NotNull(input["default"]?["generate"]);
        Assert.Null(input["default"]?["value"]); // azd refuses a default value for a secured parameter
    }

    [Fact]
    public void The_api_and_the_web_get_their_keys_from_the_secret_parameters()
    {
        var env = Resources["api"]!["env"]!;
        Assert.Equal("{accesstokensigningkey.value}", env["AccessTokens__SigningKey"]?.ToString());
        Assert.Equal("{webforwardingkey.value}", env["WebForwarding__Key"]?.ToString());
        Assert.Equal("{operatorkey.value}", env["Operator__Key"]?.ToString());
        Assert.Equal("{webforwardingkey.value}", Resources["web"]!["env"]!["WebForwarding__Key"]?.ToString());
    }

    // Container Apps would restart a run-once app in a loop and does not wait for one: the migrator stays local, and
    // every api replica migrates at start instead, under the advisory lock (docs/deploy.md).
    [Fact]
    public void The_migrator_is_not_published_and_the_api_alone_migrates_at_start()
    {
        var migrateAtStart = MigrationsAtStart.EnabledKey.Replace(":", "__", StringComparison.Ordinal);
        Assert.Null(Resources["migrations"]);
        Assert.DoesNotContain(Resources, resource => resource.Value?["path"]?.ToString().Contains("Migrations", StringComparison.Ordinal) == true);
        Assert.Equal("true", Resources["api"]!["env"]![migrateAtStart]?.ToString());
        Assert.Null(Resources["worker"]!["env"]![migrateAtStart]);
        Assert.Null(Resources["web"]!["env"]![migrateAtStart]);
    }

    [Fact]
    public void Short_links_are_the_api_public_https_address()
    {
        Assert.Equal("{api.bindings.https.url}", Resources["api"]!["env"]!["ShortLinks__BaseUrl"]?.ToString());
        Assert.Equal("{api.bindings.https.url}", Resources["worker"]!["env"]!["ShortLinks__BaseUrl"]?.ToString());
    }

    [Fact]
    public void The_api_links_its_browser_pages_home_to_the_web_public_https_address()
    {
        Assert.Equal("{web.bindings.https.url}", Resources["api"]!["env"]!["Web__BaseUrl"]?.ToString());
    }
}
