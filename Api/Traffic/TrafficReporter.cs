using StackExchange.Redis;

namespace Api.Traffic;

// Writes this replica's counts to Redis every second, so any replica can answer for all of them.
// While Redis is out of reach the reports wait; the counts go on and the next report catches up.
public sealed class TrafficReporter(TrafficCounters counters, TrafficReports reports, TimeProvider time, ILogger<TrafficReporter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var failing = false;
        do
        {
            using var untraced = UntracedPolling.Begin();
            try
            {
                await reports.WriteAsync(counters.Snapshot(ServiceInstance.Id, time.GetUtcNow()), stoppingToken);
                if (failing)
                {
                    failing = false;
                    logger.LogInformation("Traffic counts reach Redis again");
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                if (!failing)
                {
                    failing = true;
                    logger.LogWarning(exception, "Could not report this replica's traffic counts to Redis; retrying every second");
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
