using System.Data.Common;
using AppHost.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AppHost.Postgres;

// A database on a PostgreSQL server that Aspire does not run (the local runtime's servers, the replica
// container), as a resource of its own so that services reference it by name.
public sealed class DatabaseResource(string name, string databaseName, IResourceWithConnectionString server)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public IResourceWithConnectionString Parent { get; } = server;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};{new DbConnectionStringBuilder { ["Database"] = DatabaseName }.ConnectionString}");
}

public static class DatabaseResourceExtensions
{
    // The connection string is named after the resource; databaseName defaults to it. On Aspire's PostgreSQL
    // container, Aspire's own database resource, which that container creates.
    public static IResourceBuilder<IResourceWithConnectionString> AddDatabase(
        this IResourceBuilder<IResourceWithConnectionString> server, string name, string? databaseName = null)
    {
        var builder = server.ApplicationBuilder;
        if (server.Resource is PostgresServerResource container)
        {
            return PostgresBuilderExtensions.AddDatabase(builder.CreateResourceBuilder(container), name, databaseName ?? name);
        }

        var database = builder.AddResource(new DatabaseResource(name, databaseName ?? name, server.Resource))
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", Properties = [], State = KnownResourceStates.NotStarted })
            .WithPostgresHealthCheck();

        // Aspire passes a parent's state on to its children only for containers; do it for any server.
        builder.Eventing.Subscribe<InitializeResourceEvent>(database.Resource, (initialize, cancellationToken) =>
        {
            var stopping = initialize.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = FollowServerStateAsync(database.Resource, initialize.Notifications, stopping);
            return Task.CompletedTask;
        });

        return database;
    }

    private static async Task FollowServerStateAsync(DatabaseResource database, ResourceNotificationService notifications, CancellationToken stopping)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stopping))
            {
                if (change.Resource == database.Parent)
                {
                    await notifications.PublishUpdateAsync(database, snapshot => snapshot with
                    {
                        State = change.Snapshot.State,
                        StartTimeStamp = change.Snapshot.StartTimeStamp,
                        StopTimeStamp = change.Snapshot.StopTimeStamp,
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
