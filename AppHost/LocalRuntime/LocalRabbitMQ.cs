using AppHost.HealthChecks;

namespace AppHost.LocalRuntime;

// RabbitMQ as a local process (rabbitmq.sh), in place of Aspire's RabbitMQ container; no plugins, so no management UI.
public static class LocalRabbitMQ
{
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMQ(this LocalProcessRuntime runtime, string name)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(runtime.Builder, $"{name}-password", special: false);
        return runtime.AddServer(new RabbitMQProcessResource(name, "rabbitmq.sh", runtime.DataDirectoryOf(name), password), portVariable: "RABBITMQ_NODE_PORT")
            .WithEnvironment("RABBITMQ_HOME_DIR", runtime.Binaries.RabbitMQBinDirectory)
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
}

public sealed class RabbitMQProcessResource(string name, string script, string dataDirectory, ParameterResource password)
    : ServerProcessResource(name, script, dataDirectory)
{
    public const string UserName = "guest";

    public ParameterResource PasswordParameter { get; } = password;

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter:uri}@{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}
