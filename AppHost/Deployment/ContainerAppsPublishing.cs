namespace AppHost.Deployment;

// What a project becomes on Azure Container Apps when azd publishes the AppHost; nothing changes in run mode.
public static class ContainerAppsPublishing
{
    // Published, the public address: Container Apps' ingress serves it over https and redirects http there.
    public static EndpointReference PublicEndpoint(this IResourceBuilder<ProjectResource> project) =>
        project.GetEndpoint(project.ApplicationBuilder.ExecutionContext.IsPublishMode ? "https" : "http");

    // Behind the ingress the client's address arrives in X-Forwarded-For and the https scheme in X-Forwarded-Proto:
    // per-client limits must count clients, not the ingress, and the Web sends HSTS only on requests it knows were https.
    public static IResourceBuilder<ProjectResource> WithForwardedHeadersWhenPublished(this IResourceBuilder<ProjectResource> project) =>
        project.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? project.WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true")
            : project;

    // Container Apps has no run-once step before the services (the migrator is not published): each replica applies the
    // links schema's scripts at start, under the advisory lock that makes the others wait (Migrations/MigrationsAtStart.cs).
    public static IResourceBuilder<ProjectResource> WithMigrationsAtStartWhenPublished(this IResourceBuilder<ProjectResource> project) =>
        project.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? project.WithEnvironment("Migrations__RunAtStart", "true")
            : project;

    // A Container App without ingress: nothing reaches it over the network, it only consumes queues.
    public static IResourceBuilder<ProjectResource> WithoutIngressWhenPublished(this IResourceBuilder<ProjectResource> project)
    {
        if (project.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            foreach (var endpoint in project.Resource.Annotations.OfType<EndpointAnnotation>().ToList())
            {
                project.Resource.Annotations.Remove(endpoint);
            }
        }
        return project;
    }
}
