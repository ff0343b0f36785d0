using AppHost.Tests.Infrastructure;
using Benchmarks.Stack;
using Microsoft.Diagnostics.NETCore.Client;

namespace Benchmarks.Profiling;

// The .NET process of one resource instance: the deepest of the processes the orchestrator started for
// it that listens for diagnostics (a `dotnet` host in between, if any, would listen too).
public static class DotNetProcess
{
    public static ProcessIdentity Of(BenchmarkStack stack, string resourceId)
    {
        var listening = DiagnosticsClient.GetPublishedProcesses().ToHashSet();
        return ProcessIdentity.WithDescendants([stack.Stack.StartedProcessIds()[resourceId]]).LastOrDefault(p => listening.Contains(p.Pid))
            ?? throw new InvalidOperationException($"No process of {resourceId} listens for diagnostics (DOTNET_EnableDiagnostics=0?).");
    }
}
