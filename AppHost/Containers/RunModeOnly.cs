namespace AppHost.Containers;

// What the containers have when run but not when published for Azure Container Apps.
public static class RunModeOnly
{
    // Published, messaging serves AMQP alone: the management UI would otherwise become its main (HTTP) ingress.
    public static IResourceBuilder<RabbitMQServerResource> WithManagementPluginWhenRun(this IResourceBuilder<RabbitMQServerResource> rabbitMQ) =>
        rabbitMQ.ApplicationBuilder.ExecutionContext.IsRunMode ? rabbitMQ.WithManagementPlugin() : rabbitMQ;

    // Container Apps would mount a volume as an Azure Files (SMB) share, where PostgreSQL cannot run.
    public static IResourceBuilder<PostgresServerResource> WithDataVolumeWhenRun(this IResourceBuilder<PostgresServerResource> postgres) =>
        postgres.ApplicationBuilder.ExecutionContext.IsRunMode ? postgres.WithDataVolume() : postgres;
}
