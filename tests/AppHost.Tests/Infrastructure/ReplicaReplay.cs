using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Dashboard;

namespace AppHost.Tests.Infrastructure;

// The replica's replay, driven through its dashboard commands and watched through the Api.
public static class ReplicaReplay
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task PauseAsync(RunningStack stack, HttpClient api, CancellationToken cancellationToken)
    {
        await RunAsync(stack, ReplayCommands.Pause, cancellationToken);
        await Eventually.HoldsAsync(() => StateAsync(api, cancellationToken), state => state == "paused", Timeout, "the Api seeing replay paused");
    }

    public static async Task ResumeAsync(RunningStack stack, HttpClient api, CancellationToken cancellationToken)
    {
        await RunAsync(stack, ReplayCommands.Resume, cancellationToken);
        await Eventually.HoldsAsync(() => StatusAsync(api, cancellationToken), status => status.GetProperty("state").GetString() == "streaming"
            && status.GetProperty("lagBytes").ValueKind == JsonValueKind.Number && status.GetProperty("lagBytes").GetInt64() == 0, Timeout, "the replica caught up");
    }

    public static async Task<JsonElement> StatusAsync(HttpClient api, CancellationToken cancellationToken) =>
        await api.GetFromJsonAsync<JsonElement>("/api/system/replication", cancellationToken);

    private static async Task<string?> StateAsync(HttpClient api, CancellationToken cancellationToken) =>
        (await StatusAsync(api, cancellationToken)).GetProperty("state").GetString();

    private static async Task RunAsync(RunningStack stack, string command, CancellationToken cancellationToken)
    {
        var result = await stack.App.ResourceCommands.ExecuteCommandAsync(stack.ResourceIdOf("postgres-replica"), command, cancellationToken);
        Assert.True(result.Success, $"{command}: {result.Message}");
    }
}
