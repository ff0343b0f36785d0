using System.Diagnostics;
using Benchmarks.Stack;
using Messaging.Clicks;
using Npgsql;
using RabbitMQ.Client;

namespace Benchmarks.Pipeline;

// Samples the clicks queue's depth and the rows inserted into clicks every half second for the whole
// run, for the queue-depth plot, and marks when each phase began.
public sealed class PipelineSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly BenchmarkStack stack;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<PipelineSample> samples = [];
    private readonly List<(double Seconds, string Phase)> phases = [];
    private readonly CancellationTokenSource stopping = new();
    private Task? sampling;

    public PipelineSampler(BenchmarkStack stack) => this.stack = stack;

    public IReadOnlyList<PipelineSample> Samples
    {
        get
        {
            lock (samples)
            {
                return [.. samples];
            }
        }
    }

    public IReadOnlyList<(double Seconds, string Phase)> Phases
    {
        get
        {
            lock (phases)
            {
                return [.. phases];
            }
        }
    }

    public double Now => clock.Elapsed.TotalSeconds;

    public void Mark(string phase)
    {
        lock (phases)
        {
            phases.Add((Now, phase));
        }
    }

    public void Start() => sampling = SampleAsync(stopping.Token);

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var primary = NpgsqlDataSource.Create(stack.ConnectionString("links"));
        IConnection? connection = null;
        IChannel? channel = null;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    connection ??= await new ConnectionFactory { Uri = new Uri(stack.ConnectionString("messaging")) }.CreateConnectionAsync(cancellationToken);
                    channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    var queue = await channel.QueueDeclarePassiveAsync(ClickTopology.Definition.Queue, cancellationToken);
                    await using var inserted = primary.CreateCommand("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relid = 'clicks'::regclass");
                    var rows = (long)(await inserted.ExecuteScalarAsync(cancellationToken))!;
                    lock (samples)
                    {
                        samples.Add(new PipelineSample(Now, queue.MessageCount, queue.ConsumerCount, rows));
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A drill may stop the broker or the database: a gap in the series, not a failed run.
                    await DisposeAsync(channel, connection);
                    (channel, connection) = (null, null);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await DisposeAsync(channel, connection);
        }
    }

    private static async Task DisposeAsync(IChannel? channel, IConnection? connection)
    {
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (sampling is not null)
        {
            await sampling;
        }
        stopping.Dispose();
    }
}
