using System.Collections.Concurrent;
using System.Net;
using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests.Links;

// A stack of its own whose api replicas each get 2 connections per Postgres server and wait 1 s for one, so that
// a table lock held by the test fills every pool with waiting reads and the rest of a burst runs out of connections.
public sealed class TinyPoolStack : IAsyncLifetime
{
    public const int PoolSize = 2;

    private RunningStack? stack;

    public RunningStack Stack => stack ?? throw new InvalidOperationException("The stack has not started.");

    public async ValueTask InitializeAsync() =>
        stack = await RunningStack.StartAsync(TestContext.Current.CancellationToken, builder =>
            builder.CreateResourceBuilder<ProjectResource>("api")
                .WithEnvironment("ConnectionPools__PrimaryMaximumSize", PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("ConnectionPools__ReplicaMaximumSize", PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("ConnectionPools__PrimaryPoolWait", "00:00:01"));

    public async ValueTask DisposeAsync()
    {
        if (stack is not null)
        {
            await stack.DisposeAsync();
        }
    }
}

public sealed class PoolExhaustionTests(TinyPoolStack shared) : IClassFixture<TinyPoolStack>
{
    private const int BurstRequests = 48;
    private const int BurstConcurrency = 12;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(40);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_that_get_no_pooled_connection_answer_503_with_Retry_After_never_500_and_all_succeed_after_the_burst()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        // The user's reads carry the token of a write the replica has not replayed: each asks the replica for 200 ms,
        // then reads the primary, where the lock below holds it.
        await ReplicaReplay.PauseAsync(shared.Stack, api, Cancellation);
        try
        {
            await user.CreateLinkAsync(api, "https://example.com/written-while-replay-is-paused", Cancellation);
            await BurstWhileTheLinksTableIsLockedAsync(api, user);
        }
        finally
        {
            await ReplicaReplay.ResumeAsync(shared.Stack, api, CancellationToken.None);
        }
    }

    private async Task BurstWhileTheLinksTableIsLockedAsync(HttpClient api, TestUser user)
    {
        Assert.Equal(HttpStatusCode.OK, (await ListAsync(api, user)).Status);

        var answers = new ConcurrentQueue<Answer>();
        var unavailable = 0;
        await using (var locker = new NpgsqlConnection(shared.Stack.ConnectionString("links")))
        {
            // Every read of links on the primary waits behind this lock while holding its pooled connection.
            await locker.OpenAsync(Cancellation);
            await using var transaction = await locker.BeginTransactionAsync(Cancellation);
            await using (var lockLinks = new NpgsqlCommand("LOCK TABLE links IN ACCESS EXCLUSIVE MODE", locker, transaction))
            {
                await lockLinks.ExecuteNonQueryAsync(Cancellation);
            }

            using var slots = new SemaphoreSlim(BurstConcurrency);
            var burst = Enumerable.Range(0, BurstRequests).Select(async _ =>
            {
                await slots.WaitAsync(Cancellation);
                try
                {
                    var answer = await ListAsync(api, user);
                    answers.Enqueue(answer);
                    if (answer.Status == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref unavailable);
                    }
                }
                finally
                {
                    slots.Release();
                }
            }).ToList();

            // Held until the pools have run out (a 503 came back) or the burst is over, at most 20 s; then the waiting reads go on.
            var heldUntil = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (Volatile.Read(ref unavailable) == 0 && !burst.All(t => t.IsCompleted) && DateTime.UtcNow < heldUntil)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), Cancellation);
            }
            await transaction.RollbackAsync(Cancellation);
            await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(90), Cancellation);
        }

        Assert.Equal(BurstRequests, answers.Count);
        TestContext.Current.TestOutputHelper?.WriteLine($"burst answers: {string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{g.Count()} × {(int)g.Key}"))}");
        var wrong = answers.Where(a => !(a.Status == HttpStatusCode.OK
            || a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter is > 0 && a.ContentType == "application/problem+json")).ToList();
        Assert.True(wrong.Count == 0, $"answers neither 200 nor 503 problem+json with Retry-After: {string.Join(", ", wrong)}");
        Assert.True(unavailable > 0, $"the burst never ran out of pooled connections: {string.Join(", ", answers.Select(a => a.Status))}");

        // After the burst every request succeeds again, on every replica the proxy sends it to.
        await Eventually.HoldsAsync(() => ListAsync(api, user), answer => answer.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "a list answered 200 after the burst");
        for (var i = 0; i < 12; i++)
        {
            var answer = await ListAsync(api, user);
            Assert.True(answer.Status == HttpStatusCode.OK, $"after the burst, request {i}: {answer}");
        }
    }

    private async Task<Answer> ListAsync(HttpClient api, TestUser user)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(RequestTimeout);
        using var request = user.Request(HttpMethod.Get, "/api/links?limit=5");
        using var response = await api.SendAsync(request, timeout.Token);
        return new Answer(response.StatusCode, (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds, response.Content.Headers.ContentType?.MediaType);
    }

    private sealed record Answer(HttpStatusCode Status, int? RetryAfter, string? ContentType);
}
