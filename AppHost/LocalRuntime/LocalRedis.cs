using AppHost.HealthChecks;

namespace AppHost.LocalRuntime;

// Redis as a local process (redis.sh), in place of Aspire's Redis container.
public static class LocalRedis
{
    public static IResourceBuilder<IResourceWithConnectionString> AddRedis(this LocalProcessRuntime runtime, string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(runtime.Builder, $"{name}-password", special: false);
        return runtime.AddServer(new RedisProcessResource(name, "redis.sh", runtime.DataDirectoryOf(name), password), portVariable: "REDIS_PORT")
            .WithEnvironment("REDIS_PASSWORD", password)
            .WithRedisHealthCheck();
    }
}

public sealed class RedisProcessResource(string name, string script, string dataDirectory, ParameterResource password)
    : ServerProcessResource(name, script, dataDirectory)
{
    public ParameterResource PasswordParameter { get; } = password;

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
