using System.Text.Json.Nodes;

namespace AppHost.Tests.Deployment;

// Each check of the published manifest and of the overrides refuses what azd would refuse: proof that they can fail.
public sealed class DeploymentCheckTests
{
    private static JsonObject Resources(string json) => JsonNode.Parse(json)!.AsObject();

    private const string SecretParameter = """
        "key": { "type": "parameter.v0", "value": "{key.inputs.value}",
                 "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 22 } } } } }
        """;

    [Fact]
    public void An_executable_is_refused()
    {
        var resources = Resources("""{ "redis": { "type": "executable.v0", "command": "redis-server" } }""");
        Assert.Equal(["redis: type executable.v0"], AzdManifestRules.UnacceptedTypes(resources));
    }

    [Theory]
    [InlineData("""{ "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 6379, "external": true } }""", "not HTTP")]
    [InlineData("""{ "http": { "scheme": "http", "transport": "http", "targetPort": 8080, "external": true }, "admin": { "scheme": "http", "transport": "http", "targetPort": 9090, "external": true } }""", "2 external endpoint groups")]
    [InlineData("""{ "http": { "scheme": "http", "transport": "http", "port": 8080, "external": true } }""", "port 8080")]
    [InlineData("""{ "https": { "scheme": "https", "transport": "http", "port": 8443 } }""", "port 8443")]
    [InlineData("""{ "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp" } }""", "without a targetPort")]
    public void An_endpoint_no_ingress_can_serve_is_refused(string bindings, string finding)
    {
        var resources = Resources($$"""{ "app": { "type": "container.v0", "image": "app", "bindings": {{bindings}} } }""");
        Assert.Contains(AzdManifestRules.IngressViolations(resources), violation => violation.Contains(finding, StringComparison.Ordinal));
    }

    [Fact]
    public void Http_and_https_on_one_port_with_internal_tcp_beside_them_are_accepted()
    {
        var resources = Resources("""
            { "app": { "type": "project.v0", "path": "a.csproj", "bindings": {
                "http": { "scheme": "http", "transport": "http", "external": true },
                "https": { "scheme": "https", "transport": "http", "external": true },
                "grpc": { "scheme": "tcp", "transport": "tcp", "targetPort": 5000 } } } }
            """);
        Assert.Empty(AzdManifestRules.IngressViolations(resources));
    }

    [Theory]
    [InlineData("--url={db.connectionString}")]
    [InlineData("--password={key.value}")]
    [InlineData("--password={key-encoded.value}")]
    public void A_connection_string_or_a_secret_in_args_is_refused(string arg)
    {
        var resources = Resources($$"""
            { {{SecretParameter}},
              "key-encoded": { "type": "annotated.string", "value": "{key.value}", "filter": "uri" },
              "db": { "type": "container.v0", "image": "db", "connectionString": "Password={key.value}" },
              "app": { "type": "container.v0", "image": "app", "args": [ "-c", "{{arg}}" ] } }
            """);
        Assert.Equal(["app: argument 1 carries a connection string or a secret"], AzdManifestRules.SecretsInArgs(resources));
    }

    [Fact]
    public void A_plain_value_in_args_is_accepted()
    {
        var resources = Resources("""
            { "db": { "type": "container.v0", "image": "db", "bindings": { "tcp": { "scheme": "tcp", "targetPort": 5432 } } },
              "app": { "type": "container.v0", "image": "app", "args": [ "--port={db.bindings.tcp.targetPort}" ] } }
            """);
        Assert.Empty(AzdManifestRules.SecretsInArgs(resources));
    }

    [Fact]
    public void A_volume_on_a_postgres_image_is_refused_and_on_another_image_accepted()
    {
        var resources = Resources("""
            { "postgres": { "type": "container.v0", "image": "docker.io/library/postgres:17.6", "volumes": [ { "name": "data", "target": "/var/lib/postgresql/data", "readOnly": false } ] },
              "cache": { "type": "container.v0", "image": "docker.io/library/redis:8.6", "volumes": [ { "name": "data", "target": "/data", "readOnly": false } ] } }
            """);
        Assert.Equal(["postgres: volumes on a postgres image"], AzdManifestRules.VolumesOnPostgres(resources));
    }

    [Fact]
    public void A_dashed_parameter_with_a_default_is_refused_unless_it_is_a_generated_secret()
    {
        var resources = Resources($$"""
            { "key-name": { "type": "parameter.v0", "value": "{key-name.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "x" } } } },
              "keyname": { "type": "parameter.v0", "value": "{keyname.inputs.value}", "inputs": { "value": { "type": "string", "default": { "value": "x" } } } },
              "db-password": { "type": "parameter.v0", "value": "{db-password.inputs.value}", "inputs": { "value": { "type": "string", "secret": true, "default": { "generate": { "minLength": 22 } } } } } }
            """);
        Assert.Equal(["key-name: a default with a dash in the name"], AzdManifestRules.DashedParametersWithDefault(resources));
    }

    [Fact]
    public void A_reference_to_a_missing_resource_or_binding_is_refused()
    {
        var resources = Resources("""
            { "api": { "type": "project.v0", "path": "a.csproj", "bindings": { "http": { "scheme": "http", "transport": "http" } } },
              "web": { "type": "project.v0", "path": "w.csproj", "env": {
                "API": "{api.bindings.http.url}", "GONE": "{cache.connectionString}", "TYPO": "{api.bindings.grpc.url}" } } }
            """);
        Assert.Equal(
            ["web: {cache.connectionString} names no resource", "web: {api.bindings.grpc.url} names nothing on api"],
            AzdManifestRules.DanglingReferences(resources));
    }

    [Fact]
    public void A_manifest_the_schema_refuses_is_reported()
    {
        Assert.NotEmpty(ManifestSchema.Errors("""{ "resources": { "api": { "path": "a.csproj" } } }"""));
        Assert.NotEmpty(ManifestSchema.Errors("""{ "services": {} }"""));
        Assert.Empty(ManifestSchema.Errors("""{ "resources": { "api": { "type": "project.v0", "path": "a.csproj" } } }"""));
    }

    private static readonly JsonObject OverriddenApp = Resources($$"""
        { {{SecretParameter}},
          "app": { "type": "project.v0", "path": "a.csproj",
                   "env": { "PLAIN": "1", "KEY": "{key.value}" },
                   "bindings": { "http": { "scheme": "http", "transport": "http", "external": true } } } }
        """);

    private static string Override(string env, string secrets = "      - name: key\n        value: '{{ securedParameter \"key\" }}'", string external = "true") => $$$"""
        location: {{ .Env.AZURE_LOCATION }}
        properties:
          configuration:
            ingress:
              external: {{{external}}}
              targetPort: {{ targetPortOrDefault 8080 }}
              transport: http
            secrets:
        {{{secrets}}}
          template:
            containers:
              - image: {{ .Image }}
                name: app
                env:
                  - name: AZURE_CLIENT_ID
                    value: {{ .Env.MANAGED_IDENTITY_CLIENT_ID }}
        {{{env}}}
            scale:
              minReplicas: 1
              maxReplicas: 2
        tags:
          azd-service-name: app
        """;

    private const string GoodEnv = "          - name: PLAIN\n            value: '1'\n          - name: KEY\n            secretRef: key";

    [Fact]
    public void An_override_in_step_with_the_manifest_passes() =>
        Assert.Empty(ContainerAppOverride.Parse("app", Override(GoodEnv)).Mismatches(OverriddenApp));

    [Theory]
    [InlineData("          - name: KEY\n            secretRef: key", "env PLAIN is in the manifest, not in the override")]
    [InlineData(GoodEnv + "\n          - name: EXTRA\n            value: x", "env EXTRA is in the override, not in the manifest")]
    [InlineData("          - name: PLAIN\n            value: '1'\n          - name: KEY\n            value: '{{ securedParameter \"key\" }}'", "env KEY holds a secret in plain text")]
    [InlineData("          - name: PLAIN\n            value: '1'\n          - name: KEY\n            secretRef: other", "env KEY refers to no secret other")]
    [InlineData(GoodEnv + "\n          - name: AZURE_CLIENT_ID\n            value: {{ .Env.NOT_PROVIDED }}", "is nothing azd provides")]
    public void An_override_out_of_step_with_the_manifest_is_refused(string env, string finding) =>
        Assert.Contains(ContainerAppOverride.Parse("app", Override(env)).Mismatches(OverriddenApp), mismatch => mismatch.Contains(finding, StringComparison.Ordinal));

    [Fact]
    public void An_override_naming_a_missing_parameter_or_with_the_wrong_ingress_is_refused()
    {
        var mismatches = ContainerAppOverride
            .Parse("app", Override(GoodEnv, secrets: "      - name: key\n        value: '{{ securedParameter \"kee\" }}'", external: "false"))
            .Mismatches(OverriddenApp)
            .ToList();
        Assert.Contains(mismatches, mismatch => mismatch.Contains("names no parameter", StringComparison.Ordinal));
        Assert.Contains(mismatches, mismatch => mismatch.Contains("ingress external", StringComparison.Ordinal));
    }
}
