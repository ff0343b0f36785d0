using System.Diagnostics;
using System.Runtime.CompilerServices;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// The dashboard's Stop on an api replica that is serving a steady stream of redirects: the replica stops taking
// requests, finishes those in flight, drains its click buffer and exits on its own, well within the orchestrator's
// wait (about 10 s, after which it kills the process and leaves the instance neither running nor stopped). What took
// longest was the telemetry exporters' final flush against a busy or absent collector (TelemetryFlushDeadline).
[Collection(FailureDrills.Name)]
public sealed class ApiReplicaStopUnderLoadTests(FailureDrillStack drill)
{
    private static readonly TimeSpan OrchestratorWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(90);
    private const int Concurrency = 32;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_api_replica_stopped_under_load_exits_by_itself_within_the_orchestrators_wait()
    {
        var replicas = ApiEndpoints.EachReplica(drill.Stack);
        Assert.Equal(3, replicas.Count);
        var (stopped, client) = replicas[0];
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(client, "https://example.com/stopped-under-load", Cancellation)).GetProperty("code").GetString()!;

        using var endLoad = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        endLoad.CancelAfter(LoadLimit);
        var served = new StrongBox<long>();
        var load = Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => LoadAsync(client, code, served, endLoad.Token)));
        await Eventually.HoldsAsync(() => Task.FromResult(Interlocked.Read(ref served.Value)), count => count >= 20 * Concurrency, TimeSpan.FromSeconds(30), "the load under way");

        var elapsed = Stopwatch.StartNew();
        var result = await drill.Stack.App.ResourceCommands.ExecuteCommandAsync(stopped, KnownResourceCommands.StopCommand, Cancellation);
        Assert.True(result.Success, $"{result.Message} after {elapsed.Elapsed.TotalSeconds:0.0} s; its last log lines:\n{string.Join('\n', drill.Stack.InstanceLogLines(stopped).TakeLast(40))}");
        await drill.Stack.WaitUntilStoppedAsync(stopped, Cancellation);
        elapsed.Stop();
        await endLoad.CancelAsync();
        await load;

        Assert.True(elapsed.Elapsed < OrchestratorWait, $"{stopped} took {elapsed.Elapsed.TotalSeconds:0.0} s to stop under load");
        var exitCode = drill.Stack.Resources.Single(r => r.ResourceId == stopped).Snapshot.ExitCode;
        Assert.True(exitCode == 0, $"{stopped} exited with {exitCode}, not by itself");

        await drill.Stack.StartAgainAsync(stopped, Cancellation);
        await ApiEndpoints.WaitUntilEveryReplicaAnswersAsync(drill.Stack, 3, Cancellation);
    }

    // Redirects one after another until told to end; a refused or cut request (the replica going away) ends it too.
    private static async Task LoadAsync(HttpClient client, string code, StrongBox<long> served, CancellationToken end)
    {
        while (!end.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/" + code, end);
                Interlocked.Increment(ref served.Value);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                return;
            }
        }
    }
}
