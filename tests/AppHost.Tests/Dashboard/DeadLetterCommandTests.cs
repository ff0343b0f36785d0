using System.Text.RegularExpressions;
using AppHost.Dashboard;
using AppHost.Tests.Infrastructure;
using Messaging.Clicks;
using Messaging.Imports;

namespace AppHost.Tests.Dashboard;

// The broker's dead-letter commands, run the way the dashboard runs them. Other tests on the shared
// stack may have left dead letters too, so counts in the result are at least this test's own.
public sealed class DeadLetterCommandTests(SharedStack shared)
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(60);

    private static readonly string ClickDeadLetters = ClickTopology.Definition.DeadLetterQueue;
    private static readonly string ImportDeadLetters = ImportTopology.Definition.DeadLetterQueue;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_sends_each_dead_letter_back_through_its_topology_once_a_click_is_recorded_and_one_that_fails_again_waits_in_the_dead_letter_queue()
    {
        var code = "replayed-" + Guid.NewGuid().ToString("N")[..8];
        var click = Guid.NewGuid();
        var notAClick = "not a click " + Guid.NewGuid();
        await ClickStore.PublishToAsync(shared.Stack, ClickTopology.Definition.DeadLetterExchange, "", ClickStore.Event(click, code), notAClick);

        var result = await ExecuteAsync(DeadLetterCommands.Replay);

        Assert.True(result.Success, result.Message);
        Assert.True(Counted(result.Message, ClickDeadLetters, "replayed") >= 2, result.Message);
        _ = Counted(result.Message, ImportDeadLetters, "replayed");
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count == 1, PipelineTimeout, "the replayed click stored");
        // The Worker dead-letters the body that is not a click once more; the replay stopped instead of going round.
        Assert.Equal(notAClick, await Eventually.HoldsAsync(() => ClickStore.TakeDeadLetterAsync(shared.Stack, body => body == notAClick),
            body => body is not null, PipelineTimeout, "the body that is not a click dead-lettered again"));
        Assert.Null(await ClickStore.TakeDeadLetterAsync(shared.Stack, body => body.Contains(click.ToString(), StringComparison.Ordinal)));
        Assert.Equal(1, await ClickStore.ClicksAsync(shared.Stack, code));
    }

    [Fact]
    public async Task Purge_empties_the_dead_letter_queues_of_clicks_and_imports_and_says_how_many_it_removed_from_each()
    {
        var marker = Guid.NewGuid().ToString("N");
        await ClickStore.PublishToAsync(shared.Stack, ClickTopology.Definition.DeadLetterExchange, "", [.. Enumerable.Range(1, 3).Select(i => $"dead click {i} {marker}")]);
        await ClickStore.PublishToAsync(shared.Stack, ImportTopology.Definition.DeadLetterExchange, "", [.. Enumerable.Range(1, 2).Select(i => $"dead import {i} {marker}")]);

        var result = await ExecuteAsync(DeadLetterCommands.Purge);

        Assert.True(result.Success, result.Message);
        Assert.True(Counted(result.Message, ClickDeadLetters, "purged") >= 3, result.Message);
        Assert.True(Counted(result.Message, ImportDeadLetters, "purged") >= 2, result.Message);
        Assert.Equal(0u, await BrokerQueues.MessageCountAsync(shared.Stack, ClickDeadLetters));
        Assert.Equal(0u, await BrokerQueues.MessageCountAsync(shared.Stack, ImportDeadLetters));
    }

    [Fact]
    public void The_broker_offers_both_commands_while_it_is_healthy()
    {
        var messaging = Assert.Single(shared.Stack.Resources, r => r.Resource.Name == "messaging");

        Assert.Contains(messaging.Snapshot.Commands, c => c.Name == DeadLetterCommands.Purge && c.DisplayName == "Purge dead letters" && c.State == ResourceCommandState.Enabled);
        Assert.Contains(messaging.Snapshot.Commands, c => c.Name == DeadLetterCommands.Replay && c.DisplayName == "Replay dead letters" && c.State == ResourceCommandState.Enabled);
    }

    private Task<ExecuteCommandResult> ExecuteAsync(string command) =>
        shared.Stack.App.ResourceCommands.ExecuteCommandAsync(shared.Stack.ResourceIdOf("messaging"), command, Cancellation);

    // "clicks.dead-letter: 3 purged; imports.dead-letter: 2 purged" → 3 for clicks.dead-letter.
    private static int Counted(string? message, string queue, string verb)
    {
        var match = Regex.Match(message ?? "", $@"(?:^|; ){Regex.Escape(queue)}: (\d+) {verb}(?:;|$)");
        Assert.True(match.Success, $"'{queue}: <count> {verb}' in '{message}'");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
