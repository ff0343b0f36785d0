using Messaging.Clicks;

namespace AppHost.Tests.Deployment;

// The Container Apps that azd deploys from AppHost/infra/ instead of generating them: the same app as the manifest,
// plus the scale settings the manifest cannot carry (WithReplicas is not published).
[Collection(nameof(PublishedManifest))]
public sealed class ContainerAppOverrideTests(PublishedManifest manifest)
{
    public static readonly TheoryData<string> Deployed = ["api", "web", "worker", "messaging"];

    public static readonly TheoryData<string> Stateful = ["messaging"];

    [Fact]
    public void Every_container_and_project_of_the_manifest_has_an_override_and_every_override_a_resource()
    {
        var deployed = manifest.Resources
            .Where(resource => AzdManifestRules.TypeOf(resource.Value) is "project.v0" or "container.v0")
            .Select(resource => resource.Key)
            .Order();
        var overrides = Directory.GetFiles(RepositoryRoot.Combine("AppHost", "infra"), "*.tmpl.yaml")
            .Select(path => Path.GetFileName(path)[..^".tmpl.yaml".Length])
            .Order();
        Assert.Equal(deployed, overrides);
    }

    [Theory]
    [MemberData(nameof(Deployed))]
    public void The_override_matches_what_azd_would_generate_from_the_manifest(string resource) =>
        Assert.Empty(ContainerAppOverride.Load(resource).Mismatches(manifest.Resources));

    [Theory]
    [MemberData(nameof(Stateful))]
    public void A_stateful_container_runs_exactly_one_replica(string resource)
    {
        var app = ContainerAppOverride.Load(resource);
        Assert.Equal(1, app.MinReplicas);
        Assert.Equal(1, app.MaxReplicas);
        Assert.Empty(app.ScaleRules);
    }

    [Theory]
    [InlineData("api", 3)]
    [InlineData("web", 2)]
    public void A_public_service_keeps_its_replicas_and_scales_out_on_HTTP_concurrency(string resource, int replicas)
    {
        var app = ContainerAppOverride.Load(resource);
        Assert.Equal(replicas, app.MinReplicas);
        Assert.True(app.MaxReplicas > replicas, $"{resource} cannot scale out: maxReplicas {app.MaxReplicas}");
        var rule = Assert.Single(app.ScaleRules);
        Assert.True(int.Parse(rule["http"]!["metadata"]!["concurrentRequests"]!.ToString()) > 0);
    }

    [Fact]
    public void The_worker_scales_out_on_the_depth_of_the_clicks_queue()
    {
        var worker = ContainerAppOverride.Load("worker");
        Assert.Equal(1, worker.MinReplicas);
        Assert.True(worker.MaxReplicas > 1, $"maxReplicas {worker.MaxReplicas}");

        var rule = Assert.Single(worker.ScaleRules)["custom"]!;
        Assert.Equal("rabbitmq", rule["type"]!.ToString());
        Assert.Equal(ClickTopology.Definition.Queue, rule["metadata"]!["queueName"]!.ToString());
        Assert.Equal("QueueLength", rule["metadata"]!["mode"]!.ToString());
        Assert.True(int.Parse(rule["metadata"]!["value"]!.ToString()) > 0);

        // KEDA connects with the very connection string the workers consume with.
        var host = Assert.Single(rule["auth"]!.AsArray(), auth => auth!["triggerParameter"]!.ToString() == "host")!;
        var messaging = worker.Container["env"]!.AsArray().Single(entry => entry!["name"]!.ToString() == "ConnectionStrings__messaging")!;
        Assert.Equal(messaging["secretRef"]!.ToString(), host["secretRef"]!.ToString());
    }
}
