using Links;
using Microsoft.Extensions.Options;
using Npgsql;
using ReadRouting;

namespace Api.Redirects;

// The cache side of a link change (LinkStore hands every committed change to it): write the new state
// to Redis right after the commit, recording its queued refresh as applied in the same Redis step, so a
// change costs one commit; this loop deletes the applied refreshes' rows in batches. When Redis cannot
// be reached the refresh stays queued in Postgres, and every replica retries the queue until Redis has
// it; a replica that distrusts Redis trusts it again once a pass has applied everything queued before it. The same loop puts the fence back when
// Redis has lost it.
public sealed class PendingCacheRefreshes(
    LinksDatabase database,
    RedirectCache cache,
    IOptions<RedirectCacheOptions> options,
    ILogger<PendingCacheRefreshes> logger) : BackgroundService, ILinkChangeHandler
{
    private const int BatchSize = 100;
    private const int AppliedBatchSize = 1000;
    private const int MaxAppliedBatchesPerPass = 20;

    public async Task OnCommittedAsync(LinkChange change, CancellationToken cancellationToken)
    {
        if (!await cache.ApplyChangeAsync(change.Code, RedirectEntry.From(change), change.Position, change.CacheRefreshId, cancellationToken))
        {
            logger.LogWarning("Redis did not take the change to {Code}; it stays queued for retry", change.Code);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PendingRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            using var untraced = UntracedPolling.Begin();
            try
            {
                var distrustsBefore = cache.Distrusts;
                await DeleteAppliedAsync(stoppingToken);
                var drained = await ApplyQueuedAsync(stoppingToken);
                await cache.SeedFenceAsync(database.CurrentPositionAsync, stoppingToken);
                if (drained && !cache.IsTrusted && await cache.PingAsync(stoppingToken))
                {
                    cache.Trust(distrustsBefore);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(exception, "Could not apply queued redirect cache refreshes; retrying");
            }
        }
    }

    // The rows of refreshes Redis has applied, first, so the queue below holds only what is left to apply.
    private async Task DeleteAppliedAsync(CancellationToken cancellationToken)
    {
        for (var batch = 0; batch < MaxAppliedBatchesPerPass; batch++)
        {
            var applied = await cache.TakeAppliedRefreshesAsync(AppliedBatchSize, cancellationToken);
            if (applied.Length == 0)
            {
                return;
            }
            await using var connection = await database.OpenForWriteAsync(cancellationToken);
            await using var done = new NpgsqlCommand("DELETE FROM redirect_cache_refreshes WHERE id = ANY(@ids)", connection);
            done.Parameters.AddWithValue("ids", applied);
            await done.ExecuteNonQueryAsync(cancellationToken);
            if (applied.Length < AppliedBatchSize)
            {
                return;
            }
        }
    }

    // True when this pass applied everything queued before it began (fewer rows than a batch, all applied):
    // what a replica that distrusts Redis waits for. Not "the queue is empty": under a stream of writes it
    // never is (each change's row lives until its writer's apply and the batched delete), so a replica that
    // once missed a change would read every redirect from Postgres until the writes stopped (seen in BurstTests).
    // A row committed after the claim is a change whose writer is applying it; if that fails, the writer
    // distrusts Redis itself, and every replica's next pass applies it.
    private async Task<bool> ApplyQueuedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var queued = new List<(long Id, string Code)>();
            await using (var claim = new NpgsqlCommand(
                "SELECT id, code FROM redirect_cache_refreshes ORDER BY id LIMIT @batch FOR UPDATE SKIP LOCKED", connection, transaction))
            {
                claim.Parameters.AddWithValue("batch", BatchSize);
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    queued.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }
            // Read after the claim: every claimed change committed before this position (synchronous_commit on).
            var position = queued.Count > 0 ? await LinksDatabase.PositionAfterCommitAsync(connection, cancellationToken) : default;
            foreach (var code in queued.Select(q => q.Code).Distinct())
            {
                // The current row, not the queued change: a later change may already have landed.
                var entry = await RedirectEntry.ReadCurrentAsync(connection, transaction, code, cancellationToken);
                if (!await cache.ApplyChangeAsync(code, entry, position, queuedRefreshId: null, cancellationToken))
                {
                    return false; // rolled back: the rows stay queued
                }
            }
            if (queued.Count > 0)
            {
                await using var done = new NpgsqlCommand("DELETE FROM redirect_cache_refreshes WHERE id = ANY(@ids)", connection, transaction);
                done.Parameters.AddWithValue("ids", queued.Select(q => q.Id).ToArray());
                await done.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied {Count} queued redirect cache refreshes", queued.Count);
            }
            return queued.Count < BatchSize;
        }
    }
}
