using Microsoft.Extensions.Configuration;

namespace AppHost.Deployment;

// Published, RabbitMQ is either a broker outside Container Apps (Deployment:ExternalBroker=true: its AMQP URI is a secret
// parameter azd asks for) or, by default, the container: a demo whose queues live on the replica's ephemeral disk,
// because Container Apps has no storage RabbitMQ runs on without a virtual network (docs/deploy.md, "RabbitMQ").
public static class PublishedBroker
{
    public const string ExternalBrokerKey = "Deployment:ExternalBroker";

    // Every published container that keeps state on ephemeral storage says so in its environment (and so in the manifest).
    public const string EphemeralStorageLabel = "DEMO_ONLY_EPHEMERAL_STORAGE";

    // Null unless publishing with an external broker chosen: then the caller's container is not added.
    public static IResourceBuilder<IResourceWithConnectionString>? AddExternalBrokerWhenChosen(this IDistributedApplicationBuilder builder, string name) =>
        builder.ExecutionContext.IsPublishMode && builder.Configuration.GetValue<bool>(ExternalBrokerKey)
            ? builder.AddConnectionString(name)
            : null;

    public static IResourceBuilder<RabbitMQServerResource> WithEphemeralStorageLabelWhenPublished(this IResourceBuilder<RabbitMQServerResource> rabbitMQ) =>
        rabbitMQ.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? rabbitMQ.WithEnvironment(EphemeralStorageLabel, $"queued messages are lost when the replica restarts: set {ExternalBrokerKey}=true for a durable broker (docs/deploy.md)")
            : rabbitMQ;
}
