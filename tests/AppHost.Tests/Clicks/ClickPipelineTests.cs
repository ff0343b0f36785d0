using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

public sealed class ClickPipelineTests(SharedStack shared)
{
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_that_is_not_a_click_and_one_that_keeps_failing_go_to_the_dead_letter_queue_and_the_clicks_behind_them_are_stored()
    {
        var code = "poison-" + Guid.NewGuid().ToString("N")[..8];
        var failing = Guid.NewGuid();
        var good = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var notAClick = "not a click " + Guid.NewGuid();

        // Postgres refuses NUL in text, so this event parses but can never be stored.
        await ClickStore.PublishAsync(shared.Stack, [notAClick, ClickStore.Event(failing, code, visitorHash: "nul\\u0000byte"), .. good.Select(id => ClickStore.Event(id, code))]);

        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count == good.Count, PipelineTimeout, "the good clicks stored");
        Assert.Equal(notAClick, await Eventually.HoldsAsync(() => ClickStore.TakeDeadLetterAsync(shared.Stack, body => body == notAClick), body => body is not null, PipelineTimeout, "the unparseable message dead-lettered"));
        Assert.NotNull(await Eventually.HoldsAsync(() => ClickStore.TakeDeadLetterAsync(shared.Stack, body => body.Contains(failing.ToString(), StringComparison.Ordinal)), body => body is not null, PipelineTimeout, "the failing message dead-lettered after its delivery limit"));
        Assert.Equal(good.Count, await ClickStore.TotalAsync(shared.Stack, code));
    }

    [Fact]
    public async Task A_batch_message_with_a_poison_event_stores_its_good_events_and_dead_letters_exactly_the_bad_ones()
    {
        var code = "batch-poison-" + Guid.NewGuid().ToString("N")[..8];
        var refused = Guid.NewGuid();
        var unreadable = Guid.NewGuid();
        var good = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToList();

        // Between good events: one Postgres refuses (NUL in text) and one entry that is not a complete click event (no code).
        await ClickStore.PublishBatchAsync(shared.Stack,
        [
            .. good[..3].Select(id => ClickStore.BatchEntry(ClickStore.Event(id, code))),
            ClickStore.BatchEntry(ClickStore.Event(refused, code, visitorHash: "nul\\u0000byte")),
            ClickStore.BatchEntry($$"""{"eventId":"{{unreadable}}","code":""}"""),
            .. good[3..].Select(id => ClickStore.BatchEntry(ClickStore.Event(id, code))),
        ]);

        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count == good.Count, PipelineTimeout, "the good clicks stored");
        var deadRefused = await Eventually.HoldsAsync(() => ClickStore.TakeDeadLetterAsync(shared.Stack, body => body.Contains(refused.ToString(), StringComparison.Ordinal)),
            body => body is not null, PipelineTimeout, "the refused event dead-lettered");
        var deadUnreadable = await Eventually.HoldsAsync(() => ClickStore.TakeDeadLetterAsync(shared.Stack, body => body.Contains(unreadable.ToString(), StringComparison.Ordinal)),
            body => body is not null, PipelineTimeout, "the entry that is not a click event dead-lettered");

        // Each alone, as a single-event message (so a replay sends it back like any click), without its neighbours.
        Assert.Equal(refused, Messaging.Clicks.ClickEvent.FromJson(System.Text.Encoding.UTF8.GetBytes(deadRefused!))?.EventId);
        Assert.All(good, id => Assert.DoesNotContain(id.ToString(), deadRefused + deadUnreadable, StringComparison.Ordinal));
        Assert.Null(await ClickStore.TakeDeadLetterAsync(shared.Stack, body => good.Any(id => body.Contains(id.ToString(), StringComparison.Ordinal))));
        Assert.Null(await ClickStore.TakeDeadLetterAsync(shared.Stack, body => body.Contains(refused.ToString(), StringComparison.Ordinal) || body.Contains(unreadable.ToString(), StringComparison.Ordinal)));
        Assert.Equal(good.Count, await ClickStore.ClicksAsync(shared.Stack, code));
        Assert.Equal(good.Count, await ClickStore.TotalAsync(shared.Stack, code));
    }
}
