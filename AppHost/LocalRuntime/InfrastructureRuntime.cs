using System.Diagnostics;

namespace AppHost.LocalRuntime;

// Where Redis, RabbitMQ and PostgreSQL run: in containers, or as local processes from installed binaries.
public enum InfrastructureRuntime
{
    Containers,
    Processes,
}

public static class InfrastructureRuntimeChoice
{
    public const string ConfigurationKey = "Infrastructure:Runtime";

    public static (InfrastructureRuntime Runtime, string Reason) Choose(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return (InfrastructureRuntime.Containers, "publishing: a deployment (azd) can only run containers");
        }

        var configured = builder.Configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Enum.TryParse<InfrastructureRuntime>(configured, ignoreCase: true, out var runtime))
            {
                throw new InvalidOperationException(
                    $"{ConfigurationKey} is '{configured}'; use 'containers' or 'processes'.");
            }
            return (runtime, $"{ConfigurationKey}={configured}");
        }

        var containerRuntime = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]
            ?? builder.Configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"]
            ?? "docker";
        return ContainerRuntimeAnswers(containerRuntime) switch
        {
            true => (InfrastructureRuntime.Containers, $"the container runtime '{containerRuntime}' answers"),
            false => (InfrastructureRuntime.Processes,
                $"'{containerRuntime}' is installed but not running: start it to run the servers in containers, or pass --{ConfigurationKey}=processes"),
            null => (InfrastructureRuntime.Processes, $"no container runtime answers ('{containerRuntime} info' failed)"),
        };
    }

    // Null when the container runtime is not installed at all.
    private static bool? ContainerRuntimeAnswers(string containerRuntime)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(containerRuntime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (probe is null)
            {
                return false;
            }
            _ = probe.StandardOutput.ReadToEndAsync();
            _ = probe.StandardError.ReadToEndAsync();
            if (!probe.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                probe.Kill(entireProcessTree: true);
                return false;
            }
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
