using Api.Redirects;

namespace Api.Tests.Redirects;

// The redirect cache's breaker: Polly's rule (open when failures reach the ratio of at least the minimum
// throughput of calls in the sampling window, one trial call after the break), with successes counted
// without a lock.
public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(30);

    [Fact]
    public void Successes_in_the_window_count_toward_the_ratio()
    {
        var (breaker, _, opened) = Breaker();

        Repeat(10, breaker.Succeeded);
        Repeat(5, breaker.Failed);
        Assert.True(breaker.IsClosed); // 5 of 15 failed

        Repeat(6, breaker.Failed);
        Assert.False(breaker.IsClosed); // 11 of 21
        Assert.Equal(1, opened());
        Assert.False(breaker.TryEnter());
    }

    [Fact]
    public void Successes_older_than_the_window_no_longer_count()
    {
        var (breaker, clock, opened) = Breaker();

        Repeat(10, breaker.Succeeded);
        clock.Advance(Window + TimeSpan.FromSeconds(1));
        Repeat(5, breaker.Failed);

        Assert.False(breaker.IsClosed);
        Assert.Equal(1, opened());
    }

    [Fact]
    public void Successes_from_many_threads_at_once_are_all_counted()
    {
        var (breaker, _, _) = Breaker();

        Parallel.For(0, 4, _ => Repeat(25_000, breaker.Succeeded));
        Repeat(99_990, breaker.Failed);
        Assert.True(breaker.IsClosed); // 99,990 of 199,990 failed: only if every success was counted

        Repeat(20, breaker.Failed);
        Assert.False(breaker.IsClosed);
    }

    [Fact]
    public void After_the_break_one_trial_call_goes_ahead_and_its_success_closes_the_circuit()
    {
        var (breaker, clock, _) = Breaker();
        Repeat(5, breaker.Failed);
        Assert.False(breaker.TryEnter());

        clock.Advance(Break);
        Assert.True(breaker.TryEnter()); // the trial
        Assert.False(breaker.TryEnter());
        breaker.Succeeded();

        Assert.True(breaker.IsClosed);
        Assert.True(breaker.TryEnter());
    }

    [Fact]
    public void A_failed_trial_opens_the_circuit_for_another_break()
    {
        var (breaker, clock, opened) = Breaker();
        Repeat(5, breaker.Failed);
        clock.Advance(Break);
        Assert.True(breaker.TryEnter());

        breaker.Failed();

        Assert.Equal(2, opened());
        Assert.False(breaker.TryEnter());
        clock.Advance(Break);
        Assert.True(breaker.TryEnter());
    }

    private static (CircuitBreaker Breaker, ManualClock Clock, Func<int> Opened) Breaker()
    {
        var clock = new ManualClock();
        var opened = 0;
        var breaker = new CircuitBreaker(0.5, 5, Window, Break, clock, () => Interlocked.Increment(ref opened));
        return (breaker, clock, () => Volatile.Read(ref opened));
    }

    private static void Repeat(int times, Action action)
    {
        for (var i = 0; i < times; i++)
        {
            action();
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private long ticks = 1_000_000_000;

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp() => Interlocked.Read(ref ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, (long)(by.TotalSeconds * TimestampFrequency));
    }
}
