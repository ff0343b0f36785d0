namespace AppHost.Tests.Infrastructure;

// Polls a condition until it holds or a deadline passes: tests wait for conditions, never for time.
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await probe();
            if (condition(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}; last seen: {last}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }
    }
}
