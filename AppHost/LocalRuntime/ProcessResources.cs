using AppHost.Postgres;

namespace AppHost.LocalRuntime;

// Each server runs as `bash <start script>`: the script prepares its data folder, then execs the server.
public abstract class ServerProcessResource(string name, string script, string dataDirectory)
    : ExecutableResource(name, "bash", dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public string Script { get; } = script;

    public string DataDirectory { get; } = dataDirectory;

    public EndpointReference Endpoint => new(this, EndpointName);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}

public sealed class PostgresProcessResource(string name, string script, string dataDirectory, ParameterResource password)
    : ServerProcessResource(name, script, dataDirectory)
{
    public ParameterResource PasswordParameter { get; } = password;

    // Databases to create once the server answers (primary only; a replica receives them by streaming).
    public List<DatabaseResource> DatabasesToCreate { get; } = [];

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={PasswordParameter}");
}

public sealed class RedisProcessResource(string name, string script, string dataDirectory, ParameterResource password)
    : ServerProcessResource(name, script, dataDirectory)
{
    public ParameterResource PasswordParameter { get; } = password;

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}

public sealed class RabbitMQProcessResource(string name, string script, string dataDirectory, ParameterResource password)
    : ServerProcessResource(name, script, dataDirectory)
{
    public const string UserName = "guest";

    public ParameterResource PasswordParameter { get; } = password;

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter:uri}@{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}
