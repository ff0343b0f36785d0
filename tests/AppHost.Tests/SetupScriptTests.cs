using System.Diagnostics;
using AppHost.Tests.Deployment;

namespace AppHost.Tests;

// scripts/prerequisites.sh, which run.sh (with the AppHost's arguments) and test.sh (with --tests) call first. The
// machine it looks at is faked on PATH: a container engine that answers or not, dpkg-query saying no package is
// installed, and an apt-get (as root) that only writes down what it was asked to install.
public sealed class SetupScriptTests
{
    private const string Servers = "postgresql redis-server rabbitmq-server";

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Running_with_a_container_engine_that_answers_installs_nothing()
    {
        var result = await RunAsync(engine: Engine.Answering, []);

        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Installed);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Running_without_a_container_engine_installs_the_servers_but_not_what_only_the_tests_need()
    {
        var result = await RunAsync(engine: Engine.NotInstalled, []);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"install -y -q {Servers}", result.Installed);
    }

    [Fact]
    public async Task A_container_engine_installed_but_not_running_is_named_in_one_line_with_both_ways_on()
    {
        var result = await RunAsync(engine: Engine.Stopped, []);

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("docker is installed but not running: start it", line);
        Assert.Contains("or pass --Infrastructure:Runtime=processes", line);
        Assert.Equal($"install -y -q {Servers}", result.Installed);
    }

    [Fact]
    public async Task Choosing_containers_installs_no_server_even_without_an_engine()
    {
        var result = await RunAsync(engine: Engine.NotInstalled, ["--Infrastructure:Runtime=containers"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Installed);
    }

    [Fact]
    public async Task The_tests_get_the_servers_chromium_and_wrk_whatever_engine_answers()
    {
        var result = await RunAsync(engine: Engine.Answering, ["--tests"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"install -y -q {Servers} chromium wrk", result.Installed);
    }

    private enum Engine
    {
        Answering,
        Stopped,
        NotInstalled,
    }

    private sealed record Result(int ExitCode, string Error, string? Installed);

    private async Task<Result> RunAsync(Engine engine, string[] arguments)
    {
        var fake = Directory.CreateTempSubdirectory("fake-machine-").FullName;
        var installed = Path.Combine(fake, "apt-get-install");
        Script(fake, "dpkg-query", "exit 1");
        Script(fake, "id", "echo 0");
        Script(fake, "apt-get", $"[ \"$1\" = install ] && echo \"$*\" > {installed}; exit 0");
        if (engine != Engine.NotInstalled)
        {
            Script(fake, "docker", engine == Engine.Answering ? "echo 27.0.0" : "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
        }

        var start = new ProcessStartInfo("bash", [RepositoryRoot.Combine("scripts", "prerequisites.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The fakes first; the engine by its full path, so a docker installed on this machine is not asked.
        start.Environment["PATH"] = $"{fake}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["ASPIRE_CONTAINER_RUNTIME"] = Path.Combine(fake, "docker");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancellation);
        var error = process.StandardError.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation).WaitAsync(TimeSpan.FromMinutes(2), Cancellation);
        await output;
        return new Result(process.ExitCode, await error, File.Exists(installed) ? File.ReadAllText(installed).Trim() : null);
    }

    private static void Script(string directory, string name, string body)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}
