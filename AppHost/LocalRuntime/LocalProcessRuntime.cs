using Microsoft.Extensions.Logging;

namespace AppHost.LocalRuntime;

// Redis, RabbitMQ and PostgreSQL as local processes from installed binaries: no container engine needed.
// Ports come from the orchestrator, data lives under one folder per AppHost, and every server
// is started (and so stopped) by the orchestrator itself. Each server has its own file here (LocalRedis, ...)
// that adds it by the name, connection string and health check of Aspire's container of it.
public sealed class LocalProcessRuntime
{
    public const string DataDirectoryKey = "Infrastructure:DataDirectory";

    private readonly string dataDirectory;
    private readonly string scriptDirectory;

    private LocalProcessRuntime(IDistributedApplicationBuilder builder, InstalledBinaries binaries, string dataDirectory)
    {
        Builder = builder;
        Binaries = binaries;
        this.dataDirectory = dataDirectory;
        scriptDirectory = Path.Combine(builder.AppHostDirectory, "LocalRuntime");
    }

    public IDistributedApplicationBuilder Builder { get; }

    public InstalledBinaries Binaries { get; }

    // Chooses the runtime for this run (configuration, else whether a container runtime answers) and says why:
    // this runtime when it is the process runtime, null when containers run the servers (always when publishing).
    public static LocalProcessRuntime? IfChosen(IDistributedApplicationBuilder builder)
    {
        var (runtime, reason) = InfrastructureRuntimeChoice.Choose(builder);

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        loggerFactory.CreateLogger("AppHost.Infrastructure")
            .LogInformation("Infrastructure runtime: {Runtime} ({Reason}).", runtime.ToString().ToLowerInvariant(), reason);

        return runtime == InfrastructureRuntime.Processes ? Create(builder) : null;
    }

    private static LocalProcessRuntime Create(IDistributedApplicationBuilder builder)
    {
        var binaries = InstalledBinaries.Find(builder.Configuration, out var missingPackages);
        if (missingPackages.Count > 0)
        {
            var packages = string.Join(' ', missingPackages);
            Console.Error.WriteLine(
                $"error: the process runtime needs Debian packages that are not installed: {packages}. " +
                $"Install them with `sudo apt-get install -y {packages}` (./scripts/run.sh does this when run as root), " +
                $"or run with a container runtime (--{InfrastructureRuntimeChoice.ConfigurationKey}=containers).");
            Environment.Exit(2);
        }

        var dataDirectory = Path.GetFullPath(builder.Configuration[DataDirectoryKey] ?? DefaultDataDirectory(builder.AppHostDirectory));
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // The postgres OS user must be able to reach its own folder below this one.
            File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
        }

        return new LocalProcessRuntime(builder, binaries, dataDirectory);
    }

    // AppHost/.data, kept across runs. When root runs a checkout the postgres OS user cannot reach
    // (under /root, say), a folder in /var/tmp named for the checkout instead.
    private static string DefaultDataDirectory(string appHostDirectory)
    {
        var beside = Path.Combine(appHostDirectory, ".data");
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows() || OthersCanTraverse(appHostDirectory))
        {
            return beside;
        }
        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(appHostDirectory)))[..12];
        return Path.Combine("/var/tmp", $"aspire-links-{checkout}");
    }

    private static bool OthersCanTraverse(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (!OperatingSystem.IsWindows() && (current.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }
        return true;
    }

    // A server as the orchestrator runs it: `bash <its start script>` in its own data folder, on a port it allocates.
    public IResourceBuilder<T> AddServer<T>(T server, string portVariable) where T : ServerProcessResource =>
        Builder.AddResource(server)
            .WithArgs(Path.Combine(scriptDirectory, server.Script))
            .WithEnvironment("DATA_DIR", server.DataDirectory)
            .WithEndpoint(name: ServerProcessResource.EndpointName, scheme: "tcp", env: portVariable)
            .ExcludeFromManifest();

    public string DataDirectoryOf(string resourceName)
    {
        var directory = Path.Combine(dataDirectory, resourceName);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
