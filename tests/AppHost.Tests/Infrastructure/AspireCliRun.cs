using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AppHost.Tests.Deployment;

namespace AppHost.Tests.Infrastructure;

// The stack started the README's way, `./scripts/run.sh`, which runs it through the Aspire CLI (`aspire run`). It
// runs in a session (so a process group) of its own with SIGINT at its default, as a terminal runs a command, so
// Ctrl+C is what StopWithCtrlCAsync sends: SIGINT to that group. Ports are its own: the dashboard's on free ports,
// the services' randomized; the servers run as processes with their data in a fresh folder.
// It runs as a newcomer's first run would, in a fresh home folder (the packages folder aside): no development
// certificate, no user secrets. That also keeps it apart from the other stacks of this test run: `aspire run`
// stops any running AppHost of the same project it finds under ~/.aspire, and every stack the suite starts in
// this process (Aspire.Hosting.Testing) is one.
public sealed partial class AspireCliRun : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);
    private const string AppHostProject = "AppHost/AppHost.csproj";

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string home;

    private AspireCliRun(Process process, string home)
    {
        this.process = process;
        this.home = home;
    }

    // The dashboard's login URL as the CLI printed it (with its one-time token).
    public Uri LoginUrl { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public static async Task<AspireCliRun> StartAsync(CancellationToken cancellationToken)
    {
        var dashboard = TestDashboard.OnFreePorts();
        var dataDirectory = Directory.CreateTempSubdirectory("aspire-cli-stack-").FullName;
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);

        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "env", "--default-signal=INT", "./scripts/run.sh",
            "--Infrastructure:Runtime=processes", $"--Infrastructure:DataDirectory={dataDirectory}", "--DcpPublisher:RandomizePorts=true",
            .. dashboard.Arguments.Where(a => !a.StartsWith("--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", StringComparison.Ordinal))])
        {
            start.ArgumentList.Add(argument);
        }
        var home = Directory.CreateTempSubdirectory("aspire-cli-home-").FullName;
        SetEnvironment(start, home);

        var run = new AspireCliRun(Process.Start(start) ?? throw new InvalidOperationException("setsid did not start"), home);
        run.process.OutputDataReceived += (_, line) => run.Append(line.Data);
        run.process.ErrorDataReceived += (_, line) => run.Append(line.Data);
        run.process.BeginOutputReadLine();
        run.process.BeginErrorReadLine();
        run.process.StandardInput.Close();
        try
        {
            var login = await Eventually.HoldsAsync(
                () => Task.FromResult(LoginUrlPattern().Match(run.Output)),
                match => match.Success || run.HasExited,
                StartTimeout, "the CLI printing the dashboard's login URL");
            Assert.False(run.HasExited, $"./scripts/run.sh exited with {(run.HasExited ? run.process.ExitCode : 0)}:\n{run.Output}");
            run.LoginUrl = new Uri(login.Value);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    // `aspire describe --format json` for this run's AppHost: every resource instance the dashboard shows.
    public async Task<CliResources> DescribeAsync(CancellationToken cancellationToken)
    {
        var result = await CliAsync(["describe", "--format", "json", "--apphost", AppHostProject, "--non-interactive", "--nologo"], cancellationToken);
        if (result.ExitCode != 0)
        {
            return new CliResources([]);
        }
        using var json = JsonDocument.Parse(result.Output);
        return new CliResources([.. json.RootElement.GetProperty("resources").EnumerateArray().Select(CliResource.From)]);
    }

    // Waits until every resource the CLI describes is running or, run once, finished. Health is the tests' own
    // question (a web replica can take minutes to pass its check on a loaded machine).
    public async Task<CliResources> WaitUntilEveryResourceRunsAsync(CancellationToken cancellationToken)
    {
        var resources = await Eventually.HoldsAsync(
            () => DescribeAsync(cancellationToken),
            described => described.All.Count > 0 && described.All.All(r => r.IsUp) || HasExited,
            StartTimeout,
            "every resource running");
        Assert.False(HasExited, $"./scripts/run.sh exited:\n{Output}");
        return resources;
    }

    // Every process of the stack: the CLI and the AppHost with all they started, and the orchestrator (DCP), which
    // detaches from the AppHost but watches it (`dcp start-apiserver --monitor <AppHost pid>`), with all it started.
    public IReadOnlyList<ProcessIdentity> Processes()
    {
        var ours = ProcessIdentity.WithDescendants([process.Id]);
        var appHosts = ours.Where(p => p.Command == "AppHost").Select(p => p.Pid.ToString(CultureInfo.InvariantCulture)).ToHashSet();
        var orchestrators = Directory.GetDirectories("/proc")
            .Select(directory => int.TryParse(Path.GetFileName(directory), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && MonitoredPid(pid) is { } monitored && appHosts.Contains(monitored))
            .ToList();
        return [.. ours, .. ProcessIdentity.WithDescendants(orchestrators)];
    }

    // Ctrl+C in the terminal: SIGINT to the run's process group. Returns the run's exit code.
    public async Task<int> StopWithCtrlCAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", "--", $"-{process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync().WaitAsync(StopTimeout);
        return process.ExitCode;
    }

    public async Task<(int ExitCode, string Output)> CliAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["aspire", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        SetEnvironment(start, home);
        using var cli = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var standardOutput = cli.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = cli.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await cli.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }
        catch (TimeoutException)
        {
            cli.Kill(entireProcessTree: true);
            return (-1, await standardError);
        }
        return (cli.ExitCode, await standardOutput);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // Whatever the test did, nothing of this run may outlive it: SIGTERM to the whole group, then SIGKILL.
            var processes = Processes();
            using (var kill = Process.Start("kill", ["-TERM", "--", $"-{process.Id}"]))
            {
                await kill.WaitForExitAsync();
            }
            try
            {
                await process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }
            foreach (var left in processes.Where(p => p.IsAlive))
            {
                try
                {
                    Process.GetProcessById(left.Pid).Kill();
                }
                catch (ArgumentException)
                {
                    // gone in the meantime
                }
            }
        }
        process.Dispose();
        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A file still held open by a process that is ending; the temporary folder goes at the next boot.
        }
    }

    private static void SetEnvironment(ProcessStartInfo start, string home)
    {
        start.Environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        start.Environment["HOME"] = home;
        start.Environment["ASPIRE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["NO_COLOR"] = "1";
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string? MonitoredPid(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            var monitor = Array.IndexOf(arguments, "--monitor");
            return arguments.Length > 1 && Path.GetFileName(arguments[0]) == "dcp" && arguments[1] == "start-apiserver" && monitor > 0 && monitor + 1 < arguments.Length
                ? arguments[monitor + 1]
                : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login\?t=[0-9a-f]+")]
    private static partial Regex LoginUrlPattern();
}

public sealed record CliResources(IReadOnlyList<CliResource> All)
{
    public override string ToString() => All.Count == 0 ? "nothing described" : string.Join(", ", All);
}

// One resource instance as `aspire describe --format json` shows it.
public sealed record CliResource(string Name, string DisplayName, string Type, string? State, string? Health, IReadOnlyList<string> Urls)
{
    // Running; a run-once resource that finished.
    public bool IsUp => State is "Running" or "Finished";

    public override string ToString() => $"{Name} {State} {Health}";

    public static CliResource From(JsonElement resource) => new(
        resource.GetProperty("name").GetString()!,
        resource.GetProperty("displayName").GetString()!,
        resource.GetProperty("resourceType").GetString()!,
        resource.TryGetProperty("state", out var state) ? state.GetString() : null,
        resource.TryGetProperty("healthStatus", out var health) ? health.GetString() : null,
        [.. resource.GetProperty("urls").EnumerateArray().Select(url => url.GetProperty("url").GetString()!)]);
}
