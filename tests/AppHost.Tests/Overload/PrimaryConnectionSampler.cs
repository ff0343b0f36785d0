using Npgsql;

namespace AppHost.Tests.Overload;

// Counts the primary's client connections every 50 ms on a connection of its own (counted too) until disposed,
// and keeps the highest count seen.
public sealed class PrimaryConnectionSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SamplesAtMost = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource stop = new(SamplesAtMost);
    private readonly Task sampling;
    private int peak;

    private PrimaryConnectionSampler(NpgsqlConnection connection) => sampling = SampleAsync(connection);

    public int Peak => Volatile.Read(ref peak);

    public int Samples { get; private set; }

    public static async Task<PrimaryConnectionSampler> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return new PrimaryConnectionSampler(connection);
    }

    private async Task SampleAsync(NpgsqlConnection connection)
    {
        await using (connection)
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", connection);
            while (!stop.IsCancellationRequested)
            {
                var connections = (int)(long)(await count.ExecuteScalarAsync(stop.Token))!;
                Samples++;
                if (connections > peak)
                {
                    Volatile.Write(ref peak, connections);
                }
                await Task.Delay(Interval, stop.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await sampling;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }
}
