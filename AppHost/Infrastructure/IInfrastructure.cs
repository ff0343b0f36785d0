namespace AppHost.Infrastructure;

// The stateful resources, by the same names and connection strings whichever runtime runs them.
public interface IInfrastructure
{
    IResourceBuilder<IResourceWithConnectionString> AddRedis(string name);

    IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name);

    PostgresServer AddPostgres(string name);

    // A hot standby cloned from the primary with pg_basebackup, streaming its WAL, read-only.
    PostgresServer AddStreamingReplica(string name, PostgresServer primary);
}

// A PostgreSQL server and how to name a database on it as a resource of its own.
public sealed class PostgresServer(
    IResourceBuilder<IResourceWithConnectionString> server,
    Func<string, string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    public IResourceBuilder<IResourceWithConnectionString> Server { get; } = server;

    // The connection string is named after the resource; databaseName defaults to it.
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name, string? databaseName = null) =>
        addDatabase(name, databaseName ?? name);
}
