using Microsoft.Extensions.Options;
using ReadRouting;

namespace Api.Imports;

// An import whose message was lost after the broker confirmed it, or dead-lettered after its delivery limit, or
// whose Worker died, would stay queued or running for ever: this loop sends such an import's message again, a
// bounded number of times, then marks it failed with a reason its owner sees. Every replica runs it: each sweep
// takes its imports with FOR UPDATE SKIP LOCKED and moves their updated_at in the same statement, so no two
// replicas take the same import. A message sent twice is harmless: the Worker skips rows already done.
public sealed class ImportSweeper(ImportStore imports, ImportDispatcher dispatcher, LinksDatabase database, IOptions<ImportSweepOptions> options, ILogger<ImportSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sweep = options.Value;
        using var timer = new PeriodicTimer(sweep.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                IReadOnlyList<SweptImport> swept;
                using (UntracedPolling.Begin())
                {
                    swept = await imports.SweepLostAsync(sweep, stoppingToken);
                }
                if (swept.Count == 0)
                {
                    continue;
                }
                var position = await database.CurrentPositionAsync(stoppingToken);
                foreach (var import in swept)
                {
                    if (import.SendAgain)
                    {
                        logger.LogWarning("Import {ImportId} made no progress for {SweepAfter}; sending its message again", import.ImportId, sweep.SweepAfter);
                        await dispatcher.TryDispatchAsync(import.ImportId, position, stoppingToken); // not confirmed: the next sweep tries again
                    }
                    else
                    {
                        logger.LogWarning("Import {ImportId} made no progress after {Attempts} messages sent again; marked failed", import.ImportId, sweep.MaxDispatchAttempts);
                    }
                }
            }
            // A full or slow primary pool (TimeoutException) must not end the loop: that stops the api.
            catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.LogWarning(exception, "Could not look for lost imports");
            }
        }
    }
}
