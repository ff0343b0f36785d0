using System.Diagnostics;
using System.Globalization;
using System.Net;
using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests.Exports;

// The links export streams: 50,000 links with 2,000-character URLs (about 100 MB of CSV) go through one api replica
// while its resident memory is sampled, and it grows by a small bound where a buffered export would need the file
// several times over (UTF-16 strings, a MemoryStream, its copies). A client that goes away stops the query. The links
// belong to an account of this test alone, are dated long ago (so no "newest" list shows them) and are deleted at the end.
public sealed class ExportMemoryTests(SharedStack shared)
{
    private const int Links = 50_000;
    private const int UrlLength = 2_000;

    // Streaming holds a row, CsvHelper's 64 KiB buffer, Npgsql's read buffer and Kestrel's 64 KiB of response; the rest
    // is garbage the GC collects as it goes (gen0 budgets of a few MB per heap). A buffered 100 MB export needs at
    // least 100 MB more, twice that as UTF-16 text.
    private const long GrowthBoundBytes = 64L * 1024 * 1024;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(20);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_100_MB_links_export_streams_through_one_replica_in_bounded_memory_and_a_gone_client_stops_its_query()
    {
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var (replica, api) = replicas[0];
        var ownerId = Guid.Empty;
        try
        {
            ownerId = await OwnerIdAsync(user);
            var position = await InsertLinksAsync(ownerId);
            await WaitForReplicaAsync(position);
            var process = ApiProcess(replica);

            // The first export warms the path up (JIT, pools), so what is measured is the export's own memory.
            await CountLinesAsync(api, user, readAtMost: long.MaxValue);
            var before = ResidentBytes(process);
            var peak = before;
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ResidentBytes(process));
                    await Task.Delay(SampleEvery, CancellationToken.None);
                }
            }, CancellationToken.None);
            var stopwatch = Stopwatch.StartNew();
            var (lines, bytes) = await CountLinesAsync(api, user, readAtMost: long.MaxValue);
            await sampling.CancelAsync();
            await sampler;
            peak = Math.Max(peak, ResidentBytes(process));

            var growth = peak - before;
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Export of {bytes / 1024 / 1024} MB in {stopwatch.Elapsed.TotalSeconds:0.0} s through {replica} (pid {process}): RSS {before / 1024 / 1024} MB before, peak {peak / 1024 / 1024} MB, growth {growth / 1024 / 1024} MB.");
            Assert.Equal(Links + 1, lines);
            Assert.True(bytes > Links * (long)UrlLength, $"only {bytes} bytes");
            Assert.True(growth < GrowthBoundBytes, $"{replica}'s resident memory grew by {growth / 1024 / 1024} MB during a {bytes / 1024 / 1024} MB export (bound {GrowthBoundBytes / 1024 / 1024} MB)");

            await A_client_that_stops_reading_and_goes_away_ends_its_query_on_the_replica(api, user);
        }
        finally
        {
            if (ownerId != Guid.Empty)
            {
                await OnPrimaryAsync("DELETE FROM links WHERE owner_id = @owner", ownerId);
            }
            foreach (var (_, client) in replicas)
            {
                client.Dispose();
            }
        }
    }

    private async Task A_client_that_stops_reading_and_goes_away_ends_its_query_on_the_replica(HttpClient api, TestUser user)
    {
        var cancelledBefore = CancelledStatementsOnReplica();
        using (var response = await api.SendAsync(user.Request(HttpMethod.Get, "/api/links/export"), HttpCompletionOption.ResponseHeadersRead, Cancellation))
        {
            var stream = await response.Content.ReadAsStreamAsync(Cancellation);
            await stream.ReadExactlyAsync(new byte[256 * 1024], Cancellation);
            // Not reading on: the api's writes wait on a full connection, and its query waits with them.
            await Eventually.HoldsAsync(ExportQueriesOnReplicaAsync, running => running == 1, TimeSpan.FromSeconds(10), "the stalled export's query running on the replica");
        }
        await Eventually.HoldsAsync(ExportQueriesOnReplicaAsync, running => running == 0, TimeSpan.FromSeconds(10), "the export's query gone once its client is");
        // Cancelled, not read to its end and thrown away.
        await Eventually.HoldsAsync(() => Task.FromResult(CancelledStatementsOnReplica()), cancelled => cancelled > cancelledBefore, TimeSpan.FromSeconds(10), "the replica's log saying the export's query was cancelled");
    }

    private int CancelledStatementsOnReplica() =>
        shared.Stack.LogLines("postgres-replica").Count(line => line.Contains("canceling statement due to user request", StringComparison.Ordinal));

    private async Task<long> ExportQueriesOnReplicaAsync()
    {
        await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links-replica"));
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%ORDER BY l.created_at, l.code%'", connection);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    // Reads the body as it comes, counting lines; never holds it.
    private async Task<(long Lines, long Bytes)> CountLinesAsync(HttpClient api, TestUser user, long readAtMost)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, "/api/links/export"), HttpCompletionOption.ResponseHeadersRead, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(Cancellation);
        var buffer = new byte[64 * 1024];
        long lines = 0, bytes = 0;
        int read;
        while (bytes < readAtMost && (read = await body.ReadAsync(buffer, Cancellation)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return (lines, bytes);
    }

    // The replica's Api process: its resource's process or, under `dotnet run`, the child that runs Api.dll.
    private int ApiProcess(string replica)
    {
        var tree = ProcessIdentity.WithDescendants([shared.Stack.StartedProcessIds()[replica]]);
        return tree.FirstOrDefault(p => p.Command == "Api" || CommandLine(p.Pid).Contains("Api.dll", StringComparison.Ordinal))?.Pid
            ?? throw new InvalidOperationException($"No Api process among {string.Join(", ", tree)}");
    }

    private static string CommandLine(int pid) =>
        File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ') : "";

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private async Task<Guid> OwnerIdAsync(TestUser user)
    {
        await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand("SELECT id FROM accounts WHERE email_normalized = lower(@email)", connection);
        command.Parameters.AddWithValue("email", user.Email);
        return (Guid)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    // One statement on the primary; each URL is distinct (md5 chunks), so nothing compresses it away.
    private Task<string> InsertLinksAsync(Guid ownerId) => OnPrimaryAsync(
        $"""
        INSERT INTO links (code, owner_id, target_url, created_at, updated_at)
        SELECT 'mem-' || substr(md5(@owner::text), 1, 8) || '-' || g, @owner,
               left('https://example.com/' || repeat(md5(g::text), {UrlLength / 32 + 1}), {UrlLength}),
               timestamptz '2020-01-01 00:00:00Z' + g * interval '1 millisecond', now()
        FROM generate_series(1, {Links}) AS g
        """, ownerId);

    private async Task WaitForReplicaAsync(string position) =>
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links-replica"));
            await connection.OpenAsync(Cancellation);
            await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= @position::pg_lsn", connection);
            command.Parameters.AddWithValue("position", position);
            return (bool)(await command.ExecuteScalarAsync(Cancellation))!;
        }, replayed => replayed, TimeSpan.FromSeconds(60), "the replica replaying the 50,000 links");

    // Runs a statement on the primary and returns its WAL position after.
    private async Task<string> OnPrimaryAsync(string sql, Guid ownerId)
    {
        await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await connection.OpenAsync(Cancellation);
        await using (var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 })
        {
            command.Parameters.AddWithValue("owner", ownerId);
            await command.ExecuteNonQueryAsync(Cancellation);
        }
        await using var position = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", connection);
        return (string)(await position.ExecuteScalarAsync(Cancellation))!;
    }
}
