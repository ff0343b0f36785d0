using AppHost.HealthChecks;
using AppHost.Postgres;

namespace AppHost.LocalRuntime;

// A hot standby of the local runtime's PostgreSQL (postgres-replica.sh): cloned from the primary with
// pg_basebackup, streaming its WAL, read-only. It receives the primary's databases by streaming.
public static class LocalPostgresReplica
{
    public static IResourceBuilder<IResourceWithConnectionString> AddStreamingReplica(
        this LocalProcessRuntime runtime, string name, IResourceBuilder<IResourceWithConnectionString> primary)
    {
        var primaryResource = primary.Resource as PostgresProcessResource
            ?? throw new ArgumentException($"The local runtime's replica streams from the local runtime's PostgreSQL, not from '{primary.Resource.Name}'.", nameof(primary));
        return runtime.AddServer(new PostgresProcessResource(name, "postgres-replica.sh", runtime.DataDirectoryOf(name), primaryResource.PasswordParameter), portVariable: "PGPORT")
            .WithEnvironment("PG_BIN", runtime.Binaries.PostgresBinDirectory)
            .WithEnvironment("PRIMARY_HOST", primaryResource.Endpoint.Property(EndpointProperty.Host))
            .WithEnvironment("PRIMARY_PORT", primaryResource.Endpoint.Property(EndpointProperty.Port))
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(runtime.Builder, primaryResource.Name))
            .WithPostgresHealthCheck(database: "postgres")
            .WaitFor(primary);
    }
}
