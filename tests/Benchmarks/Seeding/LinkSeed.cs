using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Benchmarks.Stack;
using Npgsql;
using NpgsqlTypes;

namespace Benchmarks.Seeding;

// Seeds the links the scenarios need straight into the primary with COPY (an account made through the
// Api owns them), waits until the replica has them, and writes wrk's path files.
public static class LinkSeed
{
    public static async Task<SeededData> RunAsync(BenchmarkStack stack, SeedPlan plan, string directory, CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = stack.ApiThroughProxy };
        var email = $"bench-{Guid.NewGuid():N}@bench.example";
        const string password = "benchmark-password-1";
        (await api.PostAsJsonAsync("/api/auth/register", new { email, password }, cancellationToken)).EnsureSuccessStatusCode();
        using var tokenResponse = await api.PostAsJsonAsync("/api/auth/token", new { email, password }, cancellationToken);
        tokenResponse.EnsureSuccessStatusCode();
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString()!;

        await using var primary = NpgsqlDataSource.Create(stack.ConnectionString("links"));
        await using (var owner = primary.CreateCommand("SELECT id FROM accounts WHERE email_normalized = lower(@email)"))
        {
            owner.Parameters.AddWithValue("email", email);
            var ownerId = (Guid)(await owner.ExecuteScalarAsync(cancellationToken))!;
            await CopyLinksAsync(primary, ownerId, plan, cancellationToken);
        }
        await WaitForReplicaAsync(stack, plan.PopularLinks + plan.ColdLinks, cancellationToken);

        var drawn = ZipfSample.Draw(plan.PopularLinks, SeedPlan.ZipfExponent, plan.ZipfDraws, seed: 42).Select(SeedPlan.PopularCode).ToList();
        var random = new Random(7);
        var unknown = Enumerable.Range(0, plan.UnknownCodes).Select(_ => "nope" + string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + random.Next(26))))).ToList();
        var busiest = SeedPlan.PopularCode(0);

        Directory.CreateDirectory(directory);
        string Write(string name, IEnumerable<string> lines)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllLines(path, lines);
            return path;
        }
        return new SeededData(
            email,
            token,
            Write("authorization.txt", [$"Bearer {token}"]),
            Write("popular.txt", drawn.Select(code => "/" + code)),
            [.. drawn.Distinct()],
            Write("cold.txt", Enumerable.Range(0, plan.ColdLinks).Select(i => "/" + SeedPlan.ColdCode(i))),
            Write("unknown.txt", unknown.Select(code => "/" + code)),
            Write("create.txt", Enumerable.Range(0, 200_000).Select(i => $"new/{i}")),
            Write("list.txt", ["/api/links?limit=20"]),
            Write("stats.txt", [$"/api/links/{busiest}/stats"]),
            busiest);
    }

    private static async Task CopyLinksAsync(NpgsqlDataSource primary, Guid ownerId, SeedPlan plan, CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY links (code, owner_id, target_url) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            async Task RowAsync(string code)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(code, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(ownerId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(SeedPlan.Target(code), NpgsqlDbType.Text, cancellationToken);
            }
            for (var rank = 0; rank < plan.PopularLinks; rank++)
            {
                await RowAsync(SeedPlan.PopularCode(rank));
            }
            for (var index = 0; index < plan.ColdLinks; index++)
            {
                await RowAsync(SeedPlan.ColdCode(index));
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using var analyze = new NpgsqlCommand("ANALYZE links", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WaitForReplicaAsync(BenchmarkStack stack, long expected, CancellationToken cancellationToken)
    {
        await using var replica = NpgsqlDataSource.Create(stack.ConnectionString("links-replica"));
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var count = replica.CreateCommand("SELECT count(*) FROM links");
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= expected)
            {
                return;
            }
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"The replica did not have the {expected} seeded links within 2 minutes.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
