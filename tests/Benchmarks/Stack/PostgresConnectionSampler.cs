using System.Globalization;
using Benchmarks.Report;
using Npgsql;

namespace Benchmarks.Stack;

// Counts the client connections each Postgres server holds (client backends in pg_stat_activity) every
// 50 ms while a burst runs, each server on one connection of the sampler's own, which is counted too.
public sealed class PostgresConnectionSampler : IAsyncDisposable
{
    private const string CountClients = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly NpgsqlDataSource primarySource;
    private readonly NpgsqlDataSource replicaSource;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task<PostgresConnections> primary;
    private readonly Task<PostgresConnections> replica;

    private PostgresConnectionSampler(NpgsqlDataSource primarySource, NpgsqlDataSource replicaSource, (int Before, int MaxConnections) primaryStart, (int Before, int MaxConnections) replicaStart)
    {
        this.primarySource = primarySource;
        this.replicaSource = replicaSource;
        primary = SampleAsync(primarySource, primaryStart, stopping.Token);
        replica = SampleAsync(replicaSource, replicaStart, stopping.Token);
    }

    // The first count of each server is taken here, so a server the sampler cannot reach fails before the burst.
    public static async Task<PostgresConnectionSampler> StartAsync(BenchmarkStack stack, CancellationToken cancellationToken)
    {
        var primarySource = OneConnection(stack.ConnectionString("links"));
        var replicaSource = OneConnection(stack.ConnectionString("links-replica"));
        return new PostgresConnectionSampler(primarySource, replicaSource,
            await FirstCountAsync(primarySource, cancellationToken), await FirstCountAsync(replicaSource, cancellationToken));
    }

    public async Task<(PostgresConnections Primary, PostgresConnections Replica)> StopAsync()
    {
        await stopping.CancelAsync();
        return (await primary, await replica);
    }

    // The pool keeps its one connection open between samples and replaces it if the server dropped it.
    private static NpgsqlDataSource OneConnection(string connectionString) =>
        new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { MaxPoolSize = 1, MinPoolSize = 1, CommandTimeout = 5 } }.Build();

    private static async Task<(int Before, int MaxConnections)> FirstCountAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var show = new NpgsqlCommand("SHOW max_connections", connection);
        var maxConnections = int.Parse((string)(await show.ExecuteScalarAsync(cancellationToken))!, CultureInfo.InvariantCulture);
        await using var count = new NpgsqlCommand(CountClients, connection);
        return ((int)(long)(await count.ExecuteScalarAsync(cancellationToken))!, maxConnections);
    }

    // A sample runs to its end (bounded by the command timeout) rather than being cancelled half way.
    private static async Task<PostgresConnections> SampleAsync(NpgsqlDataSource source, (int Before, int MaxConnections) start, CancellationToken stop)
    {
        var (peak, samples, failed) = (start.Before, 1, 0);
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var connection = await source.OpenConnectionAsync(CancellationToken.None);
                    await using var count = new NpgsqlCommand(CountClients, connection);
                    peak = Math.Max(peak, (int)(long)(await count.ExecuteScalarAsync(CancellationToken.None))!);
                    samples++;
                }
                catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
                {
                    failed++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return new PostgresConnections(start.Before, peak, samples, failed, start.MaxConnections);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(primary, replica);
        await primarySource.DisposeAsync();
        await replicaSource.DisposeAsync();
        stopping.Dispose();
    }
}
