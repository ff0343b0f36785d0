using Microsoft.Extensions.Configuration;

namespace AppHost.LocalRuntime;

// The server programs the process runtime starts, found where Debian's packages put them.
public sealed record InstalledBinaries(string PostgresBinDirectory, string RedisServer, string RabbitMQBinDirectory)
{
    public const string PostgresBinDirectoryKey = "Infrastructure:Processes:PostgresBinDirectory";
    public const string RedisServerKey = "Infrastructure:Processes:RedisServer";
    public const string RabbitMQBinDirectoryKey = "Infrastructure:Processes:RabbitMQBinDirectory";

    public static InstalledBinaries Find(IConfiguration configuration, out IReadOnlyList<string> missingPackages)
    {
        var postgres = configuration[PostgresBinDirectoryKey] ?? NewestPostgresBinDirectory() ?? "/usr/lib/postgresql/15/bin";
        var redis = configuration[RedisServerKey] ?? OnPath("redis-server") ?? "/usr/bin/redis-server";
        var rabbitmq = configuration[RabbitMQBinDirectoryKey] ?? "/usr/lib/rabbitmq/bin";

        var missing = new List<string>();
        if (!File.Exists(Path.Combine(postgres, "postgres")) || !File.Exists(Path.Combine(postgres, "pg_basebackup")))
        {
            missing.Add("postgresql");
        }
        if (!File.Exists(redis))
        {
            missing.Add("redis-server");
        }
        if (!File.Exists(Path.Combine(rabbitmq, "rabbitmq-server")) || OnPath("epmd") is null)
        {
            missing.Add("rabbitmq-server");
        }
        missingPackages = missing;
        return new InstalledBinaries(postgres, redis, rabbitmq);
    }

    private static string? NewestPostgresBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var major) ? major : 0, Bin: Path.Combine(version, "bin")))
            .Where(candidate => File.Exists(Path.Combine(candidate.Bin, "postgres")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
