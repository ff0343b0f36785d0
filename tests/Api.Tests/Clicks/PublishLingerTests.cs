using System.Threading.Channels;
using Api.Clicks;
using Microsoft.Extensions.Time.Testing;

namespace Api.Tests.Clicks;

// The publisher's wait for more clicks to join a message: it ends when the linger has passed or, sooner, when a
// full batch is buffered.
public sealed class PublishLingerTests
{
    private const int BatchSize = 10;
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_full_batch_already_buffered_goes_at_once()
    {
        var (buffer, time) = Buffered(BatchSize);

        var wait = PublishLinger.WaitAsync(buffer.Reader, BatchSize, Linger, time, TestContext.Current.CancellationToken);

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_lone_click_waits_for_the_whole_linger_and_no_longer()
    {
        var (buffer, time) = Buffered(1);

        var wait = PublishLinger.WaitAsync(buffer.Reader, BatchSize, Linger, time, TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);

        for (var step = 0; step < 3; step++)
        {
            time.Advance(Linger / 4);
            await Task.Yield();
            Assert.False(wait.IsCompleted, $"ended {step + 1} quarters of the linger in");
        }
        time.Advance(Linger / 4);
        await wait.WaitAsync(Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_batch_that_fills_during_the_linger_ends_it_early()
    {
        var (buffer, time) = Buffered(1);
        var wait = PublishLinger.WaitAsync(buffer.Reader, BatchSize, Linger, time, TestContext.Current.CancellationToken);

        for (var i = 1; i < BatchSize; i++)
        {
            Assert.True(buffer.Writer.TryWrite(i));
        }
        time.Advance(Linger / 4); // fake time stops here: only a full batch ends the wait now

        await wait.WaitAsync(Patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task No_linger_never_waits()
    {
        var (buffer, time) = Buffered(1);

        var wait = PublishLinger.WaitAsync(buffer.Reader, BatchSize, TimeSpan.Zero, time, TestContext.Current.CancellationToken);

        Assert.True(wait.IsCompletedSuccessfully);
        await wait;
    }

    private static (Channel<int> Buffer, FakeTimeProvider Time) Buffered(int clicks)
    {
        var buffer = Channel.CreateUnbounded<int>();
        for (var i = 0; i < clicks; i++)
        {
            buffer.Writer.TryWrite(i);
        }
        return (buffer, new FakeTimeProvider());
    }
}
