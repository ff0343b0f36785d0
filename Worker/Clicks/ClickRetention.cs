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
        var deleted = 0L;
        for (var batch = 0; batch < settings.MaxBatchesPerPass; batch++)
        {
            await using var delete = primary.CreateCommand(DeleteBatch);
            delete.Parameters.AddWithValue("cutoff", cutoff);
            delete.Parameters.AddWithValue("batch", settings.BatchSize);
            var rows = await delete.ExecuteNonQueryAsync(stoppingToken);
            deleted += rows;
            if (rows < settings.BatchSize)
            {
                break;
            }
        }
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Rows} raw clicks from before {Cutoff:u} (ClickRetention:KeepMonths {Months})", deleted, cutoff, settings.KeepMonths);
        }
    }
}
