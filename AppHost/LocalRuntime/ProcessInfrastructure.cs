using AppHost.HealthChecks;
using AppHost.Infrastructure;
using AppHost.Postgres;
using Npgsql;

namespace AppHost.LocalRuntime;

// Redis, RabbitMQ and PostgreSQL as local processes from installed binaries: no container engine needed.
// Ports come from the orchestrator, data lives under one folder per AppHost, and every server
// is started (and so stopped) by the orchestrator itself.
public sealed class ProcessInfrastructure : IInfrastructure
{
    public const string DataDirectoryKey = "Infrastructure:DataDirectory";

    private readonly IDistributedApplicationBuilder builder;
    private readonly InstalledBinaries binaries;
    private readonly string dataDirectory;
    private readonly string scriptDirectory;

    private ProcessInfrastructure(IDistributedApplicationBuilder builder, InstalledBinaries binaries, string dataDirectory)
    {
        this.builder = builder;
        this.binaries = binaries;
        this.dataDirectory = dataDirectory;
        scriptDirectory = Path.Combine(builder.AppHostDirectory, "LocalRuntime");
    }

    public static ProcessInfrastructure Create(IDistributedApplicationBuilder builder)
    {
        var binaries = InstalledBinaries.Find(builder.Configuration, out var missingPackages);
        if (missingPackages.Count > 0)
        {
            var packages = string.Join(' ', missingPackages);
            Console.Error.WriteLine(
                $"error: the process runtime needs Debian packages that are not installed: {packages}. " +
                $"Install them with `sudo apt-get install -y {packages}` (./scripts/run.sh does this when run as root), " +
                $"or run with a container runtime (--{InfrastructureRuntimeChoice.ConfigurationKey}=containers).");
            Environment.Exit(2);
        }

        var dataDirectory = Path.GetFullPath(builder.Configuration[DataDirectoryKey] ?? DefaultDataDirectory(builder.AppHostDirectory));
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // The postgres OS user must be able to reach its own folder below this one.
            File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
        }

        return new ProcessInfrastructure(builder, binaries, dataDirectory);
    }

    // AppHost/.data, kept across runs. When root runs a checkout the postgres OS user cannot reach
    // (under /root, say), a folder in /var/tmp named for the checkout instead.
    private static string DefaultDataDirectory(string appHostDirectory)
    {
        var beside = Path.Combine(appHostDirectory, ".data");
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows() || OthersCanTraverse(appHostDirectory))
        {
            return beside;
        }
        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appHostDirectory)))[..12];
        return Path.Combine("/var/tmp", $"aspire-links-{checkout}");
    }

    private static bool OthersCanTraverse(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (!OperatingSystem.IsWindows() && (current.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }
        return true;
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return AddServer(new RedisProcessResource(name, "redis.sh", DataDirectoryOf(name), password), portVariable: "REDIS_PORT")
            .WithEnvironment("REDIS_PASSWORD", password)
            .WithRedisHealthCheck();
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return AddServer(new RabbitMQProcessResource(name, "rabbitmq.sh", DataDirectoryOf(name), password), portVariable: "RABBITMQ_NODE_PORT")
            .WithEnvironment("RABBITMQ_HOME_DIR", binaries.RabbitMQBinDirectory)
            .WithEnvironment("RABBITMQ_USER", RabbitMQProcessResource.UserName)
            .WithEnvironment(async context =>
            {
                context.EnvironmentVariables["RABBITMQ_PASSWORD_HASH"] =
                    RabbitMQPasswordHash.Compute(await password.GetValueAsync(context.CancellationToken) ?? "");
                context.EnvironmentVariables["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString();
                context.EnvironmentVariables["ERL_EPMD_PORT"] = FreePort.Next().ToString();
            })
            .WithRabbitMQHealthCheck();
    }

    public PostgresServer AddPostgres(string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = AddServer(new PostgresProcessResource(name, "postgres-primary.sh", DataDirectoryOf(name), password), portVariable: "PGPORT")
            .WithEnvironment("PG_BIN", binaries.PostgresBinDirectory)
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(builder, name))
            .WithPostgresHealthCheck(database: "postgres");

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, (_, cancellationToken) =>
            CreateDatabasesAsync(server.Resource, cancellationToken));

        return new PostgresServer(server, (databaseName, catalog) =>
        {
            var database = builder.AddDatabase(databaseName, catalog, server);
            server.Resource.DatabasesToCreate.Add(database.Resource);
            return database;
        });
    }

    public PostgresServer AddStreamingReplica(string name, PostgresServer primary)
    {
        var primaryResource = (PostgresProcessResource)primary.Server.Resource;
        var replica = AddServer(new PostgresProcessResource(name, "postgres-replica.sh", DataDirectoryOf(name), primaryResource.PasswordParameter), portVariable: "PGPORT")
            .WithEnvironment("PG_BIN", binaries.PostgresBinDirectory)
            .WithEnvironment("PRIMARY_HOST", primaryResource.Endpoint.Property(EndpointProperty.Host))
            .WithEnvironment("PRIMARY_PORT", primaryResource.Endpoint.Property(EndpointProperty.Port))
            .WithEnvironment("REPLICATOR_PASSWORD", PostgresReplication.ReplicatorPassword(builder, primaryResource.Name))
            .WithPostgresHealthCheck(database: "postgres")
            .WaitFor(primary.Server);

        return new PostgresServer(replica, (databaseName, catalog) => builder.AddDatabase(databaseName, catalog, replica));
    }

    private IResourceBuilder<T> AddServer<T>(T server, string portVariable) where T : ServerProcessResource =>
        builder.AddResource(server)
            .WithArgs(Path.Combine(scriptDirectory, server.Script))
            .WithEnvironment("DATA_DIR", server.DataDirectory)
            .WithEndpoint(name: ServerProcessResource.EndpointName, scheme: "tcp", env: portVariable)
            .ExcludeFromManifest();

    private string DataDirectoryOf(string resourceName)
    {
        var directory = Path.Combine(dataDirectory, resourceName);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static async Task CreateDatabasesAsync(PostgresProcessResource server, CancellationToken cancellationToken)
    {
        var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var database in server.DatabasesToCreate)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database.DatabaseName } } };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"") + "\"";
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
