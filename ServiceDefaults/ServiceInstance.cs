namespace Microsoft.Extensions.Hosting;

// Which replica this process is, named as the Aspire dashboard names it ("api-x7k2m9qd"): the service
// name and the orchestrator's per-replica OpenTelemetry instance id. Where neither is set (Azure
// Container Apps), the host name, which is the replica's name there.
public static class ServiceInstance
{
    public static string Id { get; } = ReadInstanceId();

    private static string ReadInstanceId()
    {
        var instanceId = ReadResourceAttribute("service.instance.id");
        if (string.IsNullOrEmpty(instanceId))
        {
            return Environment.MachineName;
        }

        var serviceName = Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME");
        return string.IsNullOrEmpty(serviceName) ? instanceId : $"{serviceName}-{instanceId}";
    }

    private static string? ReadResourceAttribute(string key)
    {
        var attributes = Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") ?? "";
        foreach (var pair in attributes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=');
            if (separator > 0 && pair[..separator] == key)
            {
                return pair[(separator + 1)..];
            }
        }
        return null;
    }
}
