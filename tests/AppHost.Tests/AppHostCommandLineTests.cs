using System.Text.Json.Nodes;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests;

public sealed class AppHostCommandLineTests
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_server_binary_fails_fast_naming_the_package_to_install()
    {
        var result = await AppHostProcess.RunAsync(
            ["--Infrastructure:Runtime=processes", "--Infrastructure:Processes:RedisServer=/nonexistent/redis-server"],
            TimeSpan.FromMinutes(1), Cancellation);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not installed: redis-server", result.Error);
        Assert.Contains("apt-get install -y redis-server", result.Error);
        Assert.DoesNotContain("   at ", result.Error); // one message, no stack trace
    }

    [Fact]
    public async Task The_publish_manifest_runs_every_stateful_resource_as_a_container()
    {
        var manifestPath = Path.Combine(Directory.CreateTempSubdirectory("aspire-manifest-").FullName, "manifest.json");

        var result = await AppHostProcess.RunAsync(
            ["--publisher", "manifest", "--output-path", manifestPath], TimeSpan.FromMinutes(2), Cancellation);

        Assert.True(result.ExitCode == 0, $"The manifest publisher failed:\n{result.Output}\n{result.Error}");
        var resources = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, Cancellation))!["resources"]!.AsObject();
        foreach (var name in new[] { "cache", "messaging", "postgres", "postgres-replica" })
        {
            Assert.StartsWith("container.", resources[name]?["type"]?.GetValue<string>());
        }
        Assert.Equal("value.v0", resources["links"]?["type"]?.GetValue<string>());
        Assert.Equal("value.v0", resources["links-replica"]?["type"]?.GetValue<string>());
        foreach (var name in new[] { "api", "worker", "web" })
        {
            Assert.StartsWith("project.", resources[name]?["type"]?.GetValue<string>());
        }
        Assert.DoesNotContain(resources, resource => resource.Value?["type"]?.GetValue<string>() == "executable.v0");
    }
}
