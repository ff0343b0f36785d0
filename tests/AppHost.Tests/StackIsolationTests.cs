using AppHost.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace AppHost.Tests;

// Starts stacks of its own (besides the shared one), since it stops them.
public sealed class StackIsolationTests
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_stacks_started_at_once_run_side_by_side_and_disposing_one_stops_exactly_its_processes()
    {
        var starting = new[] { RunningStack.StartAsync(Cancellation), RunningStack.StartAsync(Cancellation) };
        await Task.WhenAll(starting.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await using var first = await starting[0];
        await using var second = await starting[1];

        // Own data folders and ports: nothing in common.
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        foreach (var name in new[] { "cache", "messaging", "links", "links-replica" })
        {
            Assert.NotEqual(first.ConnectionString(name), second.ConnectionString(name));
        }
        Assert.Empty(first.StartedProcessIds().Values.Intersect(second.StartedProcessIds().Values));

        // Each has its own data: a key and a table written to one are not in the other.
        var key = "isolation:" + Guid.NewGuid();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(first.ConnectionString("cache")))
        {
            await redis.GetDatabase().StringSetAsync(key, "first");
        }
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(second.ConnectionString("cache")))
        {
            Assert.False(await redis.GetDatabase().KeyExistsAsync(key));
        }
        await using (var connection = new NpgsqlConnection(Unpooled(first.ConnectionString("links"))))
        {
            await connection.OpenAsync(Cancellation);
            await using var create = new NpgsqlCommand("CREATE TABLE only_in_first (id int)", connection);
            await create.ExecuteNonQueryAsync(Cancellation);
        }
        await using (var connection = new NpgsqlConnection(Unpooled(second.ConnectionString("links"))))
        {
            await connection.OpenAsync(Cancellation);
            await using var exists = new NpgsqlCommand("SELECT to_regclass('only_in_first') IS NOT NULL", connection);
            Assert.False((bool)(await exists.ExecuteScalarAsync(Cancellation))!);
        }

        // Disposing the first stops every process it started (servers, their children, epmd, the
        // service projects) and none of the second's.
        var firstProcesses = ProcessIdentity.WithDescendants(first.StartedProcessIds().Values);
        var secondPids = second.StartedProcessIds().Values.ToHashSet();
        var secondProcesses = ProcessIdentity.WithDescendants(secondPids).Where(p => secondPids.Contains(p.Pid)).ToList();
        Assert.Contains(firstProcesses, p => p.Command == "postgres");
        Assert.Contains(firstProcesses, p => p.Command == "redis-server");
        Assert.Contains(firstProcesses, p => p.Command == "beam.smp");
        Assert.Contains(firstProcesses, p => p.Command == "epmd");
        Assert.Contains(firstProcesses, p => p.Command == "Api");

        await first.DisposeAsync();

        var left = await Eventually.HoldsAsync(
            () => Task.FromResult(string.Join(", ", firstProcesses.Where(p => p.IsAlive))),
            alive => alive.Length == 0,
            TimeSpan.FromSeconds(30),
            "every process of the disposed stack ending");
        Assert.Empty(left);
        Assert.All(secondProcesses, p => Assert.True(p.IsAlive, $"{p} of the other stack was stopped too"));
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(second.ConnectionString("cache")))
        {
            Assert.True(redis.GetDatabase().Ping() > TimeSpan.Zero);
        }
    }

    // A session pooled in this test process would outlive the connection's disposal, and a Postgres asked
    // to stop waits for its sessions to end.
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
