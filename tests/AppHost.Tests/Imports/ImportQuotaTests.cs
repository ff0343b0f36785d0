using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests.Imports;

// Imports create links without the link-creation rate limit, so each account has a quota of its own: rows per 24 hours
// (SharedStack.ImportRowsPerDay here) and 2 imports queued or running at once. A refused upload is a 429 with
// Retry-After that stores nothing.
public sealed class ImportQuotaTests(SharedStack shared)
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_past_the_accounts_daily_quota_are_refused_with_429_and_nothing_is_stored()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var first = SharedStack.ImportRowsPerDay - 40;

        await CompletedAsync(api, user, await AcceptedAsync(api, user, first));
        using (var refused = await UploadAsync(api, user, 41))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalHours ?? 0, 23, 24);
            Assert.Contains($"at most {SharedStack.ImportRowsPerDay} rows a day", (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(1, await ImportsOfAsync(user));

        await CompletedAsync(api, user, await AcceptedAsync(api, user, 40)); // exactly what is left
    }

    [Fact]
    public async Task A_third_import_while_two_are_queued_or_running_is_refused_and_accepted_once_they_finish()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        Guid[] held;
        await using (var locker = new NpgsqlConnection(shared.Stack.ConnectionString("links")))
        {
            // While this lock is held no link can be inserted, so the two imports stay queued or running.
            await locker.OpenAsync(Cancellation);
            await using var transaction = await locker.BeginTransactionAsync(Cancellation);
            await using (var lockLinks = new NpgsqlCommand("LOCK TABLE links IN SHARE MODE", locker, transaction))
            {
                await lockLinks.ExecuteNonQueryAsync(Cancellation);
            }
            held = [await AcceptedAsync(api, user, 1), await AcceptedAsync(api, user, 1)];

            using var refused = await UploadAsync(api, user, 1);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Contains("queued or running", (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            await transaction.RollbackAsync(Cancellation);
        }
        Assert.Equal(2, await ImportsOfAsync(user));

        foreach (var importId in held)
        {
            await CompletedAsync(api, user, importId);
        }
        await AcceptedAsync(api, user, 1);
    }

    private async Task<HttpResponseMessage> UploadAsync(HttpClient api, TestUser user, int rows)
    {
        var csv = "url\n" + string.Join("\n", Enumerable.Range(0, rows).Select(row => $"https://example.com/quota/{Guid.NewGuid():N}/{row}"));
        using var upload = user.Request(HttpMethod.Post, "/api/imports");
        upload.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await api.SendAsync(upload, Cancellation);
    }

    private async Task<Guid> AcceptedAsync(HttpClient api, TestUser user, int rows)
    {
        using var accepted = await UploadAsync(api, user, rows);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();
    }

    private async Task CompletedAsync(HttpClient api, TestUser user, Guid importId) =>
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/imports/{importId}"), Cancellation);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString();
        }, status => status == "completed", ImportTimeout, "the import completing");

    private Task<long> ImportsOfAsync(TestUser user) =>
        ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM imports i JOIN accounts a ON a.id = i.owner_id WHERE a.email = @email", ("email", user.Email));
}
