namespace AppHost.Dashboard;

// What the links on a resource in the dashboard are called, and the ones that lead deeper than an endpoint's root.
public static class DashboardUrls
{
    public const string Home = "Home";
    public const string ShortLinks = "Short links (http)";
    public const string OpenApiUi = "OpenAPI UI";
    public const string RabbitMQManagement = "RabbitMQ management";

    // Where Scalar.AspNetCore's MapScalarApiReference() serves its UI; the Api maps it in Development.
    public const string OpenApiUiPath = "/scalar";

    public static IResourceBuilder<ProjectResource> WithHomeUrl(this IResourceBuilder<ProjectResource> web) =>
        web.WithUrlForEndpoint("http", url => url.DisplayText = Home);

    public static IResourceBuilder<ProjectResource> WithShortLinkUrls(this IResourceBuilder<ProjectResource> api) =>
        api.WithUrlForEndpoint("http", url => url.DisplayText = ShortLinks)
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = OpenApiUiPath, DisplayText = OpenApiUi });

    // Only Aspire's RabbitMQ container runs the management plugin: the local runtime (rabbitmq.sh) enables no plugins.
    public static IResourceBuilder<RabbitMQServerResource> WithManagementUrl(this IResourceBuilder<RabbitMQServerResource> messaging) =>
        messaging.WithUrlForEndpoint(messaging.Resource.ManagementEndpoint.EndpointName, url => url.DisplayText = RabbitMQManagement);
}
