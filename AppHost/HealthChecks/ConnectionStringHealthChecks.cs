using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;

namespace AppHost.HealthChecks;

// Health checks on a resource's own connection string, as Aspire's container resources have them,
// so that WaitFor means "answers", not merely "started".
public static class ConnectionStringHealthChecks
{
    public static IResourceBuilder<T> WithPostgresHealthCheck<T>(this IResourceBuilder<T> builder, string? database = null)
        where T : IResourceWithConnectionString
    {
        var connectionString = builder.CaptureConnectionString();
        return builder.WithHealthCheck(builder.Resource.Name, key => key.AddNpgSql(
            _ => connectionString(),
            name: builder.Resource.Name + "_check",
            configure: connection =>
            {
                if (database is not null)
                {
                    connection.ConnectionString = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = database }.ConnectionString;
                }
            }));
    }

    public static IResourceBuilder<T> WithRedisHealthCheck<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        var connectionString = builder.CaptureConnectionString();
        return builder.WithHealthCheck(builder.Resource.Name, key => key.AddRedis(
            _ => connectionString(), name: builder.Resource.Name + "_check"));
    }

    public static IResourceBuilder<T> WithRabbitMQHealthCheck<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        var connectionString = builder.CaptureConnectionString();
        IConnection? connection = null; // reused by every probe, as Aspire's own check does
        return builder.WithHealthCheck(builder.Resource.Name, key => key.AddRabbitMQ(
            async _ => connection ??= await new ConnectionFactory { Uri = new Uri(connectionString()) }.CreateConnectionAsync(),
            name: builder.Resource.Name + "_check"));
    }

    private static IResourceBuilder<T> WithHealthCheck<T>(
        this IResourceBuilder<T> builder, string resourceName, Func<IHealthChecksBuilder, IHealthChecksBuilder> register)
        where T : IResource
    {
        register(builder.ApplicationBuilder.Services.AddHealthChecks());
        return builder.WithHealthCheck(resourceName + "_check");
    }

    // The connection string is known only once the orchestrator has allocated the endpoints.
    private static Func<string> CaptureConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(builder.Resource, async (_, cancellationToken) =>
            connectionString = await builder.Resource.GetConnectionStringAsync(cancellationToken));
        return () => connectionString ?? throw new InvalidOperationException($"The connection string of '{builder.Resource.Name}' is not available yet.");
    }
}
