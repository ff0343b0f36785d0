using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Benchmarks.Profiling;

// Samples one .NET process's managed stacks through EventPipe, the way `dotnet-trace collect --profile
// cpu-sampling` does (every thread about every millisecond, plus the runtime's method events so the
// stacks can be named), into a .nettrace file, for as long as a task runs.
public static class EventPipeSampling
{
    private static readonly EventPipeProvider[] Providers =
    [
        new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.Default),
    ];

    public static async Task CollectAsync(int pid, string nettraceFile, Func<Task> whileSampling, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(pid);
        using var session = await client.StartEventPipeSessionAsync(Providers, requestRundown: true, circularBufferMB: 256, cancellationToken);
        await using var output = File.Create(nettraceFile);
        var copy = session.EventStream.CopyToAsync(output, cancellationToken);
        await whileSampling();
        await session.StopAsync(cancellationToken);
        await copy;
    }
}
