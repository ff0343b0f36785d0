using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Benchmarks.Load;

// Runs Debian's wrk with one of the harness's Lua scripts and reads the JSON line its done() callback prints.
public static class Wrk
{
    private const string ResultPrefix = "WRK_RESULT ";

    // Descriptors wrk needs besides one per connection (its own files, epoll, the script's files).
    private const int SpareDescriptors = 64;

    public static async Task<WrkResult> RunAsync(WrkLoad load, CancellationToken cancellationToken)
    {
        var json = await RunScriptAsync("requests.lua", load.Target, load.Connections, load.Duration,
            [
                load.PathsFile,
                load.Method,
                load.AuthorizationFile ?? "-",
                load.DelayMilliseconds.ToString(CultureInfo.InvariantCulture),
                load.Threads.ToString(CultureInfo.InvariantCulture),
            ],
            cancellationToken);
        return Deserialize<WrkResult>(json);
    }

    // wrk's threads: one per core keeps the load generator from starving the system it measures more than it must.
    public static int Threads(int connections) => Math.Min(Environment.ProcessorCount, connections);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web) ?? throw new InvalidOperationException($"wrk printed an empty result: {json}");

    // The JSON after the result prefix. wrk holds one descriptor per connection: when the harness's soft
    // limit is lower, wrk runs under bash with its own limit raised (up to the hard limit).
    public static async Task<string> RunScriptAsync(string script, Uri target, int connections, TimeSpan duration, IReadOnlyList<string> scriptArguments, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        var descriptors = connections + SpareDescriptors;
        var (soft, hard) = OpenFileLimit.Read();
        if (hard < descriptors)
        {
            throw new InvalidOperationException($"wrk needs {descriptors} open files for {connections} connections; this process may open {hard} (raise it with ulimit -n).");
        }
        var start = new ProcessStartInfo(soft >= descriptors ? "wrk" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (soft < descriptors)
        {
            foreach (var argument in new[] { "-c", $"ulimit -n {descriptors} && exec wrk \"$@\"", "wrk" })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in new[]
        {
            "-t", Threads(connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s",
            "--timeout", "5s",
            "-s", Path.Combine(AppContext.BaseDirectory, "Load", script),
            target.GetLeftPart(UriPartial.Authority),
            "--",
        }.Concat(scriptArguments))
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
        return line[ResultPrefix.Length..];
    }
}
