using AppHost.HealthChecks;
using AppHost.Postgres;

namespace AppHost.Containers;

// Streaming replication between Aspire's PostgreSQL container and a hot standby container of our own.
// Not exercised on the machine this was built on (no container engine): see the README.
public static class StreamingReplication
{
    // Pinned for both primary and replica: a streaming replica must run the primary's major version.
    private const string PostgresImage = "library/postgres";
    private const string PostgresTag = "17.6";
    private const string PostgresRegistry = "docker.io";

    // On its first start the primary adds the replication role and admits it in pg_hba.conf.
    public static IResourceBuilder<PostgresServerResource> AsReplicationPrimary(this IResourceBuilder<PostgresServerResource> postgres) =>
        postgres
            .WithImage(PostgresImage, PostgresTag)
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(postgres.ApplicationBuilder, postgres.Resource.Name))
            .WithEntrypoint("bash")
            .WithArgs("-c", ReadScript(postgres.ApplicationBuilder, "postgres-primary-entrypoint.sh"));

    // A hot standby cloned from the primary with pg_basebackup, streaming its WAL, read-only.
    public static IResourceBuilder<IResourceWithConnectionString> AddStreamingReplica(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<IResourceWithConnectionString> primary)
    {
        var primaryResource = primary.Resource as PostgresServerResource
            ?? throw new ArgumentException($"The replica container streams from Aspire's PostgreSQL container, not from '{primary.Resource.Name}'.", nameof(primary));
        return builder.AddResource(new PostgresReplicaContainerResource(name, primaryResource))
            .WithImage(PostgresImage, PostgresTag)
            .WithImageRegistry(PostgresRegistry)
            .WithEndpoint(targetPort: 5432, name: PostgresReplicaContainerResource.EndpointName, scheme: "tcp")
            .WithEnvironment("PRIMARY_HOST", primaryResource.PrimaryEndpoint.Property(EndpointProperty.Host))
            .WithEnvironment("PRIMARY_PORT", primaryResource.PrimaryEndpoint.Property(EndpointProperty.TargetPort))
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(builder, primaryResource.Name))
            .WithEntrypoint("bash")
            .WithArgs("-c", ReadScript(builder, "postgres-replica-entrypoint.sh"))
            .WithPostgresHealthCheck(database: "postgres")
            .WaitFor(primary);
    }

    private static string ReadScript(IDistributedApplicationBuilder builder, string fileName) =>
        File.ReadAllText(Path.Combine(builder.AppHostDirectory, "Containers", fileName));
}
