using AppHost.Containers;
using AppHost.LocalRuntime;
using Microsoft.Extensions.Logging;

namespace AppHost.Infrastructure;

public static class InfrastructureExtensions
{
    // Chooses the runtime for this run (configuration, else whether a container runtime answers) and says why.
    public static IInfrastructure AddInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var (runtime, reason) = InfrastructureRuntimeChoice.Choose(builder);

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        loggerFactory.CreateLogger("AppHost.Infrastructure")
            .LogInformation("Infrastructure runtime: {Runtime} ({Reason}).", runtime.ToString().ToLowerInvariant(), reason);

        return runtime switch
        {
            InfrastructureRuntime.Containers => new ContainerInfrastructure(builder),
            _ => ProcessInfrastructure.Create(builder),
        };
    }
}
