using Microsoft.Extensions.Options;
using Npgsql;

namespace Worker.Clicks;

// Deletes raw click rows older than ClickRetention:KeepMonths, in bounded batches, on every Worker
// replica: SKIP LOCKED lets two replicas share a pass without deleting the same rows or waiting on each other.
public sealed class ClickRetention(NpgsqlDataSource primary, IOptions<ClickRetentionOptions> options, TimeProvider time, ILogger<ClickRetention> logger) : BackgroundService
{
    private const string DeleteBatch = """
        DELETE FROM clicks WHERE ctid = ANY (ARRAY(
            SELECT ctid FROM clicks WHERE occurred_at < @cutoff LIMIT @batch FOR UPDATE SKIP LOCKED))
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Deleting clicks past their retention failed; retrying in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task DeleteExpiredAsync(CancellationToken stoppingToken)
    {
        using var untraced = UntracedPolling.Begin();
        var settings = options.Value;
        var cutoff = time.GetUtcNow().AddMonths(-settings.KeepMonths);
        var deleted = await BatchedDeletion.DeleteAsync(primary, DeleteBatch, cutoff, settings.BatchSize, settings.MaxBatchesPerPass, stoppingToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Rows} raw clicks from before {Cutoff:u} (ClickRetention:KeepMonths {Months})", deleted, cutoff, settings.KeepMonths);
        }
    }
}
