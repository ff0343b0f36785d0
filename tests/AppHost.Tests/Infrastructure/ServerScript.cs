using System.Collections.Concurrent;
using System.Diagnostics;

namespace AppHost.Tests.Infrastructure;

// One of the process runtime's start scripts run on its own, as the orchestrator runs it.
public sealed class ServerScript : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ServerScript(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { output.Enqueue(line.Data); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { output.Enqueue(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output => (process.HasExited ? $"(exited {process.ExitCode})\n" : "") + string.Join('\n', output);

    public static ServerScript Start(string script, IReadOnlyDictionary<string, string> environment)
    {
        var appHostDirectory = Projects.AppHost.ProjectPath;
        var start = new ProcessStartInfo("bash", [Path.Combine(appHostDirectory, "LocalRuntime", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return new ServerScript(Process.Start(start) ?? throw new InvalidOperationException($"{script} did not start"));
    }

    // SIGTERM, as the orchestrator stops an executable, then wait for the exit.
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await kill.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }
}
