namespace Api.Diagnostics;

// Which replica this process is: the orchestrator's OpenTelemetry instance id (Aspire sets it
// per replica; so does Azure Container Apps through its host name), else the host name.
public static class ServiceInstance
{
    public static string Id { get; } = ReadInstanceId();

    private static string ReadInstanceId()
    {
        var attributes = Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") ?? "";
        foreach (var pair in attributes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=');
            if (separator > 0 && pair[..separator] == "service.instance.id" && separator < pair.Length - 1)
            {
                return pair[(separator + 1)..];
            }
        }

        return Environment.MachineName;
    }
}
