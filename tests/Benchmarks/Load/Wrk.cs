using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmarks.Load;

// Runs Debian's wrk with the harness's Lua script and reads the JSON line its done() callback prints.
public static class Wrk
{
    private const string ResultPrefix = "WRK_RESULT ";
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Load", "requests.lua");

    public static async Task<WrkResult> RunAsync(WrkLoad load, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Round(load.Duration.TotalSeconds));
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-t", load.Threads.ToString(CultureInfo.InvariantCulture),
            "-c", load.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s",
            "--timeout", "5s",
            "-s", Script,
            load.Target.GetLeftPart(UriPartial.Authority),
            "--",
            load.PathsFile,
            load.Method,
            load.AuthorizationFile ?? "-",
            load.DelayMilliseconds.ToString(CultureInfo.InvariantCulture),
            load.Threads.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk).");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(seconds + 60));
        await process.WaitForExitAsync(bound.Token);

        var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode} and no result:\n{await output}\n{await error}");
        }
        return JsonSerializer.Deserialize<WrkResult>(line[ResultPrefix.Length..], JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"wrk printed an empty result: {line}");
    }
}
