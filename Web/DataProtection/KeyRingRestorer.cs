using StackExchange.Redis;

namespace Web.DataProtection;

// Puts the data-protection keys this replica knows back into Redis when Redis has lost them.
public sealed class KeyRingRestorer(RestoringKeyRepository keys, ILogger<KeyRingRestorer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            using var untraced = UntracedPolling.Begin();
            try
            {
                var restored = keys.RestoreMissing();
                if (restored > 0)
                {
                    logger.LogWarning("Redis had lost {Count} data-protection key elements; this replica put them back", restored);
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogDebug(exception, "Data-protection keys not checked against Redis; retrying");
            }
        }
    }
}
