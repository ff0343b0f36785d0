using AppHost.Dashboard;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Dashboard;

// The dead-letter commands with the broker stopped: the dashboard greys them out, and run anyway they
// answer with a failure that says why instead of throwing.
[Collection(FailureDrills.Name)]
public sealed class DeadLetterCommandOutageTests(FailureDrillStack drill)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_RabbitMQ_stopped_both_commands_are_disabled_and_fail_with_the_reason()
    {
        var messaging = drill.Stack.ResourceIdOf("messaging");

        await drill.Stack.StopAsync(messaging, Cancellation);
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(CommandStates(messaging)),
                states => states.Count == 2 && states.All(state => state == ResourceCommandState.Disabled), Timeout, "both commands disabled");

            foreach (var (command, verb) in new[] { (DeadLetterCommands.Purge, "Purge"), (DeadLetterCommands.Replay, "Replay") })
            {
                // A command that hung here would keep the broker stopped for every drill after this one.
                var result = await drill.Stack.App.ResourceCommands.ExecuteCommandAsync(messaging, command, Cancellation).WaitAsync(CommandTimeout, Cancellation);

                Assert.False(result.Success, $"{command} succeeded with the broker stopped: {result.Message}");
                Assert.False(result.Canceled);
                Assert.StartsWith($"{verb} stopped: ", result.Message);
            }
        }
        finally
        {
            await drill.Stack.StartAgainAsync(messaging, Cancellation);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(CommandStates(messaging)),
            states => states.Count == 2 && states.All(state => state == ResourceCommandState.Enabled), Timeout, "both commands enabled again");
    }

    private List<ResourceCommandState> CommandStates(string resourceId) =>
        [.. drill.Stack.Resources.Single(r => r.ResourceId == resourceId).Snapshot.Commands
            .Where(c => c.Name is DeadLetterCommands.Purge or DeadLetterCommands.Replay)
            .Select(c => c.State)];
}
