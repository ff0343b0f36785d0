using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Dashboard;

// When the dashboard offers a command: only on an instance that is up and answering its health check.
public static class CommandState
{
    public static ResourceCommandState WhenHealthy(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
}
