using System.Diagnostics;
using Benchmarks.Load;
using Benchmarks.Stack;
using Npgsql;

namespace Benchmarks.Pipeline;

// Worker ingestion at saturation: with every Worker stopped, redirects fill the clicks queue; then one
// Worker configuration is started and the rows it commits are timed (first to last transaction).
// The baseline is the same Worker writing one event per transaction (Clicks:BatchSize=1).
public sealed class IngestionBenchmark(BenchmarkStack stack, PipelineSampler sampler)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public async Task<IngestionResult> RunAsync(string configuration, IReadOnlyList<string> workerInstances, int batchSize, WrkLoad backlogLoad, TimeSpan? window, CancellationToken cancellationToken)
    {
        foreach (var worker in stack.Instances("worker").Concat(stack.Instances(BenchmarkStack.BaselineWorker)))
        {
            await stack.KillAsync(worker, cancellationToken);
        }
        sampler.Mark($"backlog for {configuration}");
        await Wrk.RunAsync(backlogLoad, cancellationToken);
        var backlog = await SettledDepthAsync(cancellationToken);

        sampler.Mark(configuration);
        var started = await DatabaseNowAsync(cancellationToken);
        var insertedBefore = await InsertedAsync(cancellationToken);
        foreach (var worker in workerInstances)
        {
            await stack.StartAsync(worker, cancellationToken);
        }
        var clock = Stopwatch.StartNew();
        var cpuBefore = ProcessCpu.Read(stack);
        var drained = false;
        while (clock.Elapsed < (window ?? DrainLimit))
        {
            if (await InsertedAsync(cancellationToken) - insertedBefore >= backlog)
            {
                drained = true;
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        var cpu = ProcessCpu.Between(cpuBefore, ProcessCpu.Read(stack));
        if (window is not null)
        {
            foreach (var worker in workerInstances)
            {
                await stack.KillAsync(worker, cancellationToken);
            }
        }
        var (rows, seconds) = await CommittedSinceAsync(started, cancellationToken);
        return new IngestionResult(configuration, batchSize, workerInstances.Count, backlog, rows, Math.Round(seconds, 2), seconds > 0 ? Math.Round(rows / seconds, 1) : 0, drained, cpu);
    }

    // The Api replicas keep publishing what they buffered for a moment after the load ends.
    private async Task<long> SettledDepthAsync(CancellationToken cancellationToken)
    {
        long previous = -1;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var depth = await DepthAsync(cancellationToken);
            if (depth == previous)
            {
                return depth;
            }
            previous = depth;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        throw new TimeoutException("The clicks queue's depth did not settle within 60 s.");
    }

    public async Task<long> DepthAsync(CancellationToken cancellationToken) =>
        (await ClickQueue.ReadAsync(stack.ConnectionString("messaging"), cancellationToken)).Messages;

    // Rows ever inserted into clicks, from Postgres statistics (cheap; may trail commits by up to a second).
    public async Task<long> InsertedAsync(CancellationToken cancellationToken)
    {
        await using var primary = NpgsqlDataSource.Create(stack.ConnectionString("links"));
        await using var inserted = primary.CreateCommand("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relid = 'clicks'::regclass");
        return (long)(await inserted.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<DateTime> DatabaseNowAsync(CancellationToken cancellationToken)
    {
        await using var primary = NpgsqlDataSource.Create(stack.ConnectionString("links"));
        await using var now = primary.CreateCommand("SELECT now()");
        return (DateTime)(await now.ExecuteScalarAsync(cancellationToken))!;
    }

    // Rows whose transaction began at or after `since`: how many, and from the first transaction to the last.
    public async Task<(long Rows, double Seconds)> CommittedSinceAsync(DateTime since, CancellationToken cancellationToken)
    {
        await using var primary = NpgsqlDataSource.Create(stack.ConnectionString("links"));
        await using var select = primary.CreateCommand("SELECT count(*), extract(epoch FROM max(recorded_at) - min(recorded_at))::float8 FROM clicks WHERE recorded_at >= @since");
        select.Parameters.AddWithValue("since", since);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetDouble(1));
    }

    public async Task<DateTime?> LastCommitAsync(CancellationToken cancellationToken)
    {
        await using var primary = NpgsqlDataSource.Create(stack.ConnectionString("links"));
        await using var select = primary.CreateCommand("SELECT max(recorded_at) FROM clicks");
        return await select.ExecuteScalarAsync(cancellationToken) as DateTime?;
    }
}
