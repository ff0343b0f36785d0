using Api.Traffic;

namespace Api.Tests.Traffic;

public sealed class SharedSampleTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sample_is_reused_until_it_is_older_than_its_maximum_age()
    {
        var time = new ManualTime();
        var taken = 0;
        var sample = new SharedSample<int>(_ => Task.FromResult(++taken), TimeSpan.FromSeconds(1), time);

        Assert.Equal(1, await sample.GetAsync(Cancellation));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, await sample.GetAsync(Cancellation));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await sample.GetAsync(Cancellation));
    }

    [Fact]
    public async Task Requests_that_ask_while_a_sample_is_being_taken_share_it()
    {
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var taken = 0;
        var sample = new SharedSample<int>(_ => { taken++; return answer.Task; }, TimeSpan.FromSeconds(1), new ManualTime());

        var asking = Enumerable.Range(0, 5).Select(_ => sample.GetAsync(Cancellation)).ToList();
        answer.SetResult(7);

        var answers = await Task.WhenAll(asking);
        Assert.All(answers, value => Assert.Equal(7, value));
        Assert.Equal(1, taken);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
