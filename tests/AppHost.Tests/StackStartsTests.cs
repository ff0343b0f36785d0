using AppHost.Tests.Infrastructure;

namespace AppHost.Tests;

public sealed class StackStartsTests(SharedStack shared)
{
    [Fact]
    public void Every_resource_is_running_and_healthy()
    {
        var resources = shared.Stack.Resources;

        Assert.Contains(resources, r => r.Resource.Name == "cache");
        Assert.All(resources, r => Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, r.Snapshot.HealthStatus));
    }
}
