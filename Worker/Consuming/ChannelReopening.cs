using RabbitMQ.Client.Exceptions;

namespace Worker.Consuming;

// Runs a consumer's session (open channels, declare, consume until the channel is lost) again and again until the
// Worker stops, waiting between sessions with a backoff: a channel the broker closed, or a consumer it cancelled,
// must not stop the Worker, nor leave it running without consuming.
public static class ChannelReopening
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaximumBackoff = TimeSpan.FromSeconds(15);

    // session: returns why its channel was lost; throws when it could not open, declare or consume.
    public static async Task RunAsync(string queue, Func<CancellationToken, Task<string>> session, ILogger logger, CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = TimeProvider.System.GetTimestamp();
            try
            {
                var why = await session(stoppingToken);
                logger.LogWarning("Stopped consuming {Queue}: {Why}; opening a new channel", queue, why);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is OperationInterruptedException or BrokerUnreachableException or IOException or TimeoutException)
            {
                logger.LogWarning(exception, "Could not consume {Queue}; trying again", queue);
            }
            // A session that lasted starts again from the first backoff; one that ends quickly waits longer each time.
            backoff = TimeProvider.System.GetElapsedTime(started) > MaximumBackoff ? FirstBackoff : backoff;
            try
            {
                await Task.Delay(backoff, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaximumBackoff.Ticks));
        }
    }
}
