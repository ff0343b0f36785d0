using Microsoft.Extensions.Options;
using Npgsql;

namespace Worker.Clicks;

// Deletes the visitor sets of UTC days that ended more than VisitorSetRetention:KeepHoursAfterDayEnds ago, in
// bounded batches, on every Worker replica (SKIP LOCKED, as ClickRetention). Only the counts stay afterwards.
public sealed class VisitorSetRetention(NpgsqlDataSource primary, IOptions<VisitorSetRetentionOptions> options, TimeProvider time, ILogger<VisitorSetRetention> logger) : BackgroundService
{
    private const string DeleteHours = """
        DELETE FROM link_visitor_hours WHERE ctid = ANY (ARRAY(
            SELECT ctid FROM link_visitor_hours WHERE hour < @cutoff LIMIT @batch FOR UPDATE SKIP LOCKED))
        """;

    private const string DeleteDays = """
        DELETE FROM link_visitor_days WHERE ctid = ANY (ARRAY(
            SELECT ctid FROM link_visitor_days WHERE day < @cutoff LIMIT @batch FOR UPDATE SKIP LOCKED))
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
                logger.LogWarning(exception, "Deleting visitor sets past their retention failed; retrying in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    // The first UTC day whose sets are kept: every earlier day ended at least KeepHoursAfterDayEnds ago.
    public static DateOnly FirstKeptDay(DateTimeOffset now, int keepHoursAfterDayEnds) =>
        DateOnly.FromDateTime(now.UtcDateTime.AddHours(-keepHoursAfterDayEnds).AddDays(-1)).AddDays(1);

    private async Task DeleteExpiredAsync(CancellationToken stoppingToken)
    {
        using var untraced = UntracedPolling.Begin();
        var settings = options.Value;
        var firstKept = FirstKeptDay(time.GetUtcNow(), settings.KeepHoursAfterDayEnds);
        var hours = await BatchedDeletion.DeleteAsync(primary, DeleteHours, firstKept.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
            settings.BatchSize, settings.MaxBatchesPerPass, stoppingToken);
        var days = await BatchedDeletion.DeleteAsync(primary, DeleteDays, firstKept, settings.BatchSize, settings.MaxBatchesPerPass, stoppingToken);
        if (hours + days > 0)
        {
            logger.LogInformation("Deleted {Hours} hourly and {Days} daily visitor set rows from before {FirstKept:yyyy-MM-dd} (VisitorSetRetention:KeepHoursAfterDayEnds {Keep})",
                hours, days, firstKept, settings.KeepHoursAfterDayEnds);
        }
    }
}
