namespace Api.Traffic;

// A figure that costs a round trip to another server, wanted by every poll of every watcher: taken at
// most once per maximumAge in this replica, and shared by every request that asks meanwhile. It is
// derived, not state: each replica keeps its own, and none needs another's.
public sealed class SharedSample<T>(Func<CancellationToken, Task<T>> take, TimeSpan maximumAge, TimeProvider time)
{
    private readonly SemaphoreSlim taking = new(1, 1);
    private volatile Taken? latest;

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        if (latest is { } fresh && IsFresh(fresh))
        {
            return fresh.Value;
        }
        await taking.WaitAsync(cancellationToken);
        try
        {
            // Another request may have taken it while this one waited.
            if (latest is { } taken && IsFresh(taken))
            {
                return taken.Value;
            }
            var value = await take(cancellationToken);
            latest = new Taken(value, time.GetUtcNow());
            return value;
        }
        finally
        {
            taking.Release();
        }
    }

    private bool IsFresh(Taken taken) => time.GetUtcNow() - taken.At < maximumAge;

    private sealed record Taken(T Value, DateTimeOffset At);
}
