using System.Net;
using AppHost.Dashboard;
using AppHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost.Tests.Dashboard;

// The links the dashboard shows on each resource, by the names people look for.
public sealed class DashboardUrlTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_web_replica_links_its_home_page()
    {
        var replicas = Instances("web");

        Assert.NotEmpty(replicas);
        Assert.All(replicas, web => Assert.Contains(web.Snapshot.Urls, url => url.Name == "http" && url.DisplayProperties.DisplayName == DashboardUrls.Home));
    }

    [Fact]
    public async Task Every_api_replica_links_its_short_links_and_the_OpenAPI_UI_which_answers()
    {
        var replicas = Instances("api");

        Assert.NotEmpty(replicas);
        Assert.All(replicas, api => Assert.Contains(api.Snapshot.Urls, url => url.Name == "http" && url.DisplayProperties.DisplayName == DashboardUrls.ShortLinks));
        var openApiUi = Assert.Single(replicas[0].Snapshot.Urls, url => url.DisplayProperties.DisplayName == DashboardUrls.OpenApiUi);
        Assert.EndsWith(DashboardUrls.OpenApiUiPath, new Uri(openApiUi.Url).AbsolutePath);

        using var browser = new HttpClient();
        using var page = await browser.GetAsync(openApiUi.Url, Cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void On_the_process_runtime_the_broker_has_no_management_link()
    {
        var messaging = Assert.Single(Instances("messaging"));

        Assert.DoesNotContain(messaging.Snapshot.Urls, url => url.DisplayProperties.DisplayName == DashboardUrls.RabbitMQManagement);
    }

    // No container engine here, so the container model is built, not run, and its URL callbacks are
    // given the management URL the orchestrator would give them.
    [Fact]
    public async Task On_the_container_runtime_the_broker_links_its_management_UI()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Runtime=containers"], Cancellation);
        await using var app = await builder.BuildAsync(Cancellation);
        var messaging = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<RabbitMQServerResource>().Single();
        var management = new ResourceUrlAnnotation { Url = "http://localhost:15672", Endpoint = messaging.ManagementEndpoint };
        var amqp = new ResourceUrlAnnotation { Url = "tcp://localhost:5672", Endpoint = messaging.PrimaryEndpoint };
        var context = new ResourceUrlsCallbackContext(app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), messaging, [management, amqp], Cancellation);

        foreach (var callback in messaging.Annotations.OfType<ResourceUrlsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        Assert.Equal(DashboardUrls.RabbitMQManagement, management.DisplayText);
        Assert.Null(amqp.DisplayText);
    }

    private List<ResourceEvent> Instances(string resourceName) =>
        [.. shared.Stack.Resources.Where(r => r.Resource.Name == resourceName).OrderBy(r => r.ResourceId)];
}
