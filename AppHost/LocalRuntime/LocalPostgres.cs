using AppHost.HealthChecks;
using AppHost.Postgres;
using Npgsql;

namespace AppHost.LocalRuntime;

// PostgreSQL as a local process (postgres-primary.sh), in place of Aspire's PostgreSQL container. Like that
// container it creates the databases added on it once it answers.
public static class LocalPostgres
{
    public static IResourceBuilder<IResourceWithConnectionString> AddPostgres(this LocalProcessRuntime runtime, string name)
    {
        var builder = runtime.Builder;
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = runtime.AddServer(new PostgresProcessResource(name, "postgres-primary.sh", runtime.DataDirectoryOf(name), password), portVariable: "PGPORT")
            .WithEnvironment("PG_BIN", runtime.Binaries.PostgresBinDirectory)
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(builder, name))
            .WithPostgresHealthCheck(database: "postgres");

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, (_, cancellationToken) =>
            CreateDatabasesAsync(server.Resource, builder.Resources.OfType<DatabaseResource>().Where(database => database.Parent == server.Resource), cancellationToken));

        return server;
    }

    private static async Task CreateDatabasesAsync(PostgresProcessResource server, IEnumerable<DatabaseResource> databases, CancellationToken cancellationToken)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database.DatabaseName } } };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"") + "\"";
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                try
                {
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
                // Created meanwhile by another ready event or by hand: a concurrent CREATE DATABASE fails with
                // a unique violation on pg_database rather than with "already exists".
                catch (PostgresException alreadyThere) when (alreadyThere.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
                {
                }
            }
        }
    }
}

// A primary or a streaming replica; a replica shares its primary's superuser, being a copy of it.
public sealed class PostgresProcessResource(string name, string script, string dataDirectory, ParameterResource password)
    : ServerProcessResource(name, script, dataDirectory)
{
    public ParameterResource PasswordParameter { get; } = password;

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={PasswordParameter}");
}
