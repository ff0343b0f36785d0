using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests.Overload;

// The api's concurrency limits (Api/Overload/LoadShedding.cs), made exact: a table lock holds every request that
// got a turn at its INSERT, so each replica takes exactly PermitLimit + QueueLimit of a burst and sheds the rest at
// once with 503 + Retry-After; once the lock goes, what was taken completes and what was shed left nothing behind.
public sealed class LoadSheddingTests(SharedStack shared)
{
    private static readonly TimeSpan HeldAtMost = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan BurstTimeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_up_burst_beyond_each_replicas_hashing_queue_is_shed_with_503_and_the_shed_accounts_do_not_exist()
    {
        var limit = ApiLoadSheddingSettings.For("PasswordHashing");
        var replicas = ApiEndpoints.EachReplica(shared.Stack).Count;
        var taken = replicas * limit.Capacity;
        var emails = Enumerable.Range(0, taken + 30).Select(i => $"shed-{Guid.NewGuid():N}@example.com").ToList();
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        // Each sign-up from a browser of its own through the web, so the per-address sign-up limit refuses none of them.
        var webForwardingKey = ApiEndpoints.WebForwardingKey(shared.Stack);

        var answers = await WhileLockedAsync("accounts", taken, emails, email => SendAsync(api, () =>
            new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = JsonContent.Create(new { email, password = "burst password 1" }) }
                .ForwardedFor(SourceAddress.Random(), webForwardingKey)));

        AssertTakenOrShed(answers, HttpStatusCode.Created, taken);
        var registered = await ExistingAsync("SELECT email FROM accounts WHERE email = ANY(@values)", emails);
        Assert.Equal(answers.Where(a => a.Value.Status == HttpStatusCode.Created).Select(a => a.Key).Order(), registered.Order());

        // A shed sign-up wrote nothing, so the same email signs up now.
        var shed = answers.First(a => a.Value.Status == HttpStatusCode.ServiceUnavailable).Key;
        using var again = await api.PostAsJsonAsync("/api/auth/register", new { email = shed, password = "burst password 1" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task A_link_creation_burst_holds_at_most_the_write_limit_of_primary_connections_so_reads_still_get_one_and_the_rest_is_shed()
    {
        var limit = ApiLoadSheddingSettings.For("LinkWrites");
        Assert.True(limit.PermitLimit < ApiLoadSheddingSettings.ApiPrimaryPoolSize(), $"link writes may hold every primary connection: {limit.PermitLimit}");
        var replicas = ApiEndpoints.EachReplica(shared.Stack).Count;
        var taken = replicas * limit.Capacity;
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        // Each account stays under its own link-creation rate limit (60 a minute).
        var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestUser.SignUpAsync(shared.Stack, Cancellation)));
        // The first user's reads carry the token of a write the replica has not replayed, so they read the primary.
        await ReplicaReplay.PauseAsync(shared.Stack, api, Cancellation);
        try
        {
            var existing = (await users[0].CreateLinkAsync(api, "https://example.com/read-while-writes-wait", Cancellation)).GetProperty("code").GetString()!;
            await CreateInABurstAsync(api, users, existing, taken);
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, CancellationToken.None);
        }
    }

    private async Task CreateInABurstAsync(HttpClient api, TestUser[] users, string existing, int taken)
    {
        var prefix = "shed" + Guid.NewGuid().ToString("N")[..8];
        var codes = Enumerable.Range(0, Math.Min(taken + 30, users.Length * 55)).Select(i => $"{prefix}-{i}").ToList();
        Assert.True(codes.Count > taken, $"{codes.Count} creations cannot overflow {taken}");

        var answers = await WhileLockedAsync("links", taken, codes, code => SendAsync(api, () =>
            users[codes.IndexOf(code) % users.Length].Request(HttpMethod.Post, "/api/links", new { url = $"https://example.com/{code}", code })),
            whileHeld: async () =>
            {
                // The writes hold at most PermitLimit of this replica's primary connections: a read of the primary gets one.
                using var read = users[0].Request(HttpMethod.Get, $"/api/links/{existing}");
                using var response = await api.SendAsync(read, Cancellation);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("primary-lag", response.Headers.GetValues(ContractHeaders.ReadSource).Single());
            });

        AssertTakenOrShed(answers, HttpStatusCode.Created, taken);
        var created = await ExistingAsync("SELECT code FROM links WHERE code = ANY(@values)", codes);
        Assert.Equal(answers.Where(a => a.Value.Status == HttpStatusCode.Created).Select(a => a.Key).Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
    }

    // Sends one request per key while a SHARE lock on the table holds every INSERT; lets go once the burst has been
    // shed (at least keys - taken answers are back) and after whileHeld ran, then waits for every answer.
    private async Task<IReadOnlyDictionary<string, Answer>> WhileLockedAsync(
        string table, int taken, IReadOnlyList<string> keys, Func<string, Task<Answer>> send, Func<Task>? whileHeld = null)
    {
        var answers = new ConcurrentDictionary<string, Answer>();
        await using var locker = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await locker.OpenAsync(Cancellation);
        var burst = new List<Task>();
        await using (var transaction = await locker.BeginTransactionAsync(Cancellation))
        {
            await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {table} IN SHARE MODE", locker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync(Cancellation);
            }
            burst.AddRange(keys.Select(async key => answers[key] = await send(key)));

            var shedAtLeast = keys.Count - taken;
            var heldUntil = DateTime.UtcNow + HeldAtMost;
            while (answers.Count < shedAtLeast && DateTime.UtcNow < heldUntil)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);
            }
            Assert.True(answers.Count >= shedAtLeast, $"only {answers.Count} of {keys.Count} answered while {taken} at most could be held: {Describe(answers)}");
            Assert.All(answers.Values, answer => AssertShed(answer));
            if (whileHeld is not null)
            {
                await whileHeld();
            }
            await transaction.RollbackAsync(Cancellation);
        }
        await Task.WhenAll(burst).WaitAsync(BurstTimeout, Cancellation);
        TestContext.Current.TestOutputHelper?.WriteLine($"{table}: {Describe(answers)}");
        return answers;
    }

    private static void AssertTakenOrShed(IReadOnlyDictionary<string, Answer> answers, HttpStatusCode success, int taken)
    {
        foreach (var answer in answers.Values.Where(a => a.Status != success))
        {
            AssertShed(answer);
        }
        var succeeded = answers.Values.Count(a => a.Status == success);
        Assert.True(succeeded is > 0 && succeeded <= taken, $"{succeeded} succeeded; each replica takes {taken} at most in all: {Describe(answers)}");
    }

    private static void AssertShed(Answer answer) =>
        Assert.True(answer is { Status: HttpStatusCode.ServiceUnavailable, RetryAfter: > 0, ContentType: "application/problem+json" },
            $"expected 503 problem+json with Retry-After, got {answer}");

    private static async Task<Answer> SendAsync(HttpClient api, Func<HttpRequestMessage> request)
    {
        using var message = request();
        using var response = await api.SendAsync(message, Cancellation);
        return new Answer(response.StatusCode, (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds, response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<string>> ExistingAsync(string sql, IReadOnlyList<string> values)
    {
        await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("values", values.ToArray());
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            found.Add(reader.GetString(0));
        }
        return found;
    }

    private static string Describe(IReadOnlyDictionary<string, Answer> answers) =>
        string.Join(", ", answers.Values.GroupBy(a => a.Status).Select(g => $"{g.Count()} × {(int)g.Key}"));

    private sealed record Answer(HttpStatusCode Status, int? RetryAfter, string? ContentType);
}
