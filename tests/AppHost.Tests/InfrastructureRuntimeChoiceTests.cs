using AppHost.LocalRuntime;

namespace AppHost.Tests;

public sealed class InfrastructureRuntimeChoiceTests
{
    [Theory]
    [InlineData("processes", InfrastructureRuntime.Processes)]
    [InlineData("Containers", InfrastructureRuntime.Containers)]
    public void Configuration_chooses_the_runtime(string configured, InfrastructureRuntime expected)
    {
        var builder = DistributedApplication.CreateBuilder([$"--Infrastructure:Runtime={configured}"]);

        var (runtime, reason) = InfrastructureRuntimeChoice.Choose(builder);

        Assert.Equal(expected, runtime);
        Assert.Contains(configured, reason);
    }

    [Fact]
    public void An_unknown_runtime_is_refused_with_the_values_it_takes()
    {
        var builder = DistributedApplication.CreateBuilder(["--Infrastructure:Runtime=vms"]);

        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureRuntimeChoice.Choose(builder));

        Assert.Contains("'containers' or 'processes'", error.Message);
    }

    [Fact]
    public void Publishing_always_uses_containers_whatever_is_configured()
    {
        var output = Path.Combine(Path.GetTempPath(), "unused-manifest.json");
        var builder = DistributedApplication.CreateBuilder(
            ["--publisher", "manifest", "--output-path", output, "--Infrastructure:Runtime=processes"]);

        var (runtime, _) = InfrastructureRuntimeChoice.Choose(builder);

        Assert.Equal(InfrastructureRuntime.Containers, runtime);
    }

    [Fact]
    public void Without_configuration_a_container_runtime_that_does_not_answer_means_processes()
    {
        var builder = DistributedApplication.CreateBuilder(["--ASPIRE_CONTAINER_RUNTIME=/nonexistent/docker"]);

        var (runtime, reason) = InfrastructureRuntimeChoice.Choose(builder);

        Assert.Equal(InfrastructureRuntime.Processes, runtime);
        Assert.Contains("no container runtime answers", reason);
    }

    [Fact]
    public void A_container_runtime_that_is_installed_but_not_running_means_processes_and_says_how_to_choose()
    {
        var stoppedDocker = Path.Combine(Directory.CreateTempSubdirectory("stopped-docker-").FullName, "docker");
        File.WriteAllText(stoppedDocker, "#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n");
        File.SetUnixFileMode(stoppedDocker, (UnixFileMode)0b111_101_101);
        var builder = DistributedApplication.CreateBuilder([$"--ASPIRE_CONTAINER_RUNTIME={stoppedDocker}"]);

        var (runtime, reason) = InfrastructureRuntimeChoice.Choose(builder);

        Assert.Equal(InfrastructureRuntime.Processes, runtime);
        Assert.Contains("is installed but not running: start it", reason);
        Assert.Contains("--Infrastructure:Runtime=processes", reason);
    }
}
