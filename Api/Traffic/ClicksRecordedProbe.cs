using Npgsql;

namespace Api.Traffic;

// How many click rows the Workers have inserted: Postgres's own counter on the primary
// (pg_stat_user_tables.n_tup_ins), which scans nothing and counts every Worker replica's inserts.
// Postgres updates it within about a second of a commit; rows of a rolled-back batch count too.
public sealed class ClicksRecordedProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource primary;
    private readonly ILogger<ClicksRecordedProbe> logger;
    private readonly SharedSample<long?> sample;

    // The primary itself, not LinksDatabase: this is no link read, and must not count among the reads it reports.
    public ClicksRecordedProbe(NpgsqlDataSource primary, TimeProvider time, ILogger<ClicksRecordedProbe> logger)
    {
        this.primary = primary;
        this.logger = logger;
        sample = new SharedSample<long?>(AskAsync, TimeSpan.FromSeconds(1), time);
    }

    // Null when the primary could not be asked.
    public Task<long?> GetAsync(CancellationToken cancellationToken) => sample.GetAsync(cancellationToken);

    private async Task<long?> AskAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            // WaitAsync too: a cancelled open still waits for the server's answer.
            return await QueryAsync(timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidCastException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "Clicks recorded not sampled");
            return null;
        }
    }

    private async Task<long?> QueryAsync(CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relid = 'clicks'::regclass", connection);
        return await select.ExecuteScalarAsync(cancellationToken) as long?;
    }
}
