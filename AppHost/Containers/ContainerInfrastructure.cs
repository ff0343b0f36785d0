using AppHost.HealthChecks;
using AppHost.Infrastructure;
using AppHost.Postgres;

namespace AppHost.Containers;

// Aspire's own container resources, plus a replica container on the official postgres image.
// The default where a container runtime answers, and always what is published for azd.
// Not exercised on the machine this was built on (no container engine): see the README.
public sealed class ContainerInfrastructure(IDistributedApplicationBuilder builder) : IInfrastructure
{
    // Pinned for both primary and replica: a streaming replica must run the primary's major version.
    private const string PostgresImage = "library/postgres";
    private const string PostgresTag = "17.6";
    private const string PostgresRegistry = "docker.io";

    private readonly string scriptDirectory = Path.Combine(builder.AppHostDirectory, "Containers");

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name) => builder.AddRedis(name);

    public IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name)
    {
        var rabbitMQ = builder.AddRabbitMQ(name);
        // Published, messaging serves AMQP alone: the management UI would otherwise become its main (HTTP) ingress.
        return builder.ExecutionContext.IsRunMode ? rabbitMQ.WithManagementPlugin() : rabbitMQ;
    }

    public PostgresServer AddPostgres(string name)
    {
        var postgres = builder.AddPostgres(name)
            .WithImage(PostgresImage, PostgresTag)
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(builder, name))
            .WithEntrypoint("bash")
            .WithArgs("-c", ReadScript("postgres-primary-entrypoint.sh"));
        // Container Apps would mount a volume as an Azure Files (SMB) share, where PostgreSQL cannot run.
        if (builder.ExecutionContext.IsRunMode)
        {
            postgres.WithDataVolume();
        }

        return new PostgresServer(postgres, (databaseName, catalog) => postgres.AddDatabase(databaseName, catalog));
    }

    public PostgresServer AddStreamingReplica(string name, PostgresServer primary)
    {
        var primaryResource = (PostgresServerResource)primary.Server.Resource;
        var replica = builder.AddResource(new PostgresReplicaContainerResource(name, primaryResource))
            .WithImage(PostgresImage, PostgresTag)
            .WithImageRegistry(PostgresRegistry)
            .WithEndpoint(targetPort: 5432, name: PostgresReplicaContainerResource.EndpointName, scheme: "tcp")
            .WithEnvironment("PRIMARY_HOST", primaryResource.PrimaryEndpoint.Property(EndpointProperty.Host))
            .WithEnvironment("PRIMARY_PORT", primaryResource.PrimaryEndpoint.Property(EndpointProperty.TargetPort))
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(builder, primaryResource.Name))
            .WithEntrypoint("bash")
            .WithArgs("-c", ReadScript("postgres-replica-entrypoint.sh"))
            .WithPostgresHealthCheck(database: "postgres")
            .WaitFor(primary.Server);

        return new PostgresServer(replica, (databaseName, catalog) => builder.AddDatabase(databaseName, catalog, replica));
    }

    private string ReadScript(string fileName) => File.ReadAllText(Path.Combine(scriptDirectory, fileName));
}

// A hot standby of a primary container; it shares the primary's superuser, being a copy of it.
public sealed class PostgresReplicaContainerResource(string name, PostgresServerResource primary)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={primary.UserNameReference};Password={primary.PasswordParameter}");
}
