using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

// Raw click rows (with their visitor hash) are kept ClickRetention:KeepMonths (13) and then deleted by the
// Workers' retention job, in batches; the rollups that totals and charts read stay. The shared stack runs
// the job every SharedStack.ClickRetentionInterval with batches of SharedStack.ClickRetentionBatchSize rows.
public sealed class ClickRetentionTests(SharedStack shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Clicks_older_than_13_months_are_deleted_in_batches_and_newer_ones_and_the_totals_stay()
    {
        var code = "retention-" + Guid.NewGuid().ToString("N")[..8];
        var oldClicks = 3 * SharedStack.ClickRetentionBatchSize + 1; // more than one batch
        await InsertClicksAsync(code, count: oldClicks, monthsAgo: 14);
        await InsertClicksAsync(code, count: 2, monthsAgo: 12);
        await ClickStore.ScalarAsync(shared.Stack, "INSERT INTO link_click_totals (code, clicks) VALUES (@code, @clicks)", ("code", code), ("clicks", (long)oldClicks + 2));

        await Eventually.HoldsAsync(() => CountAsync(code, olderThanMonths: 13), count => count == 0, Timeout, "clicks past their retention deleted");

        Assert.Equal(2, await ClickStore.ClicksAsync(shared.Stack, code));
        Assert.Equal(oldClicks + 2, await ClickStore.TotalAsync(shared.Stack, code));
    }

    private Task<long> CountAsync(string code, int olderThanMonths) =>
        ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM clicks WHERE code = @code AND occurred_at < now() - make_interval(months => @months)",
            ("code", code), ("months", olderThanMonths));

    private Task InsertClicksAsync(string code, int count, int monthsAgo) =>
        ClickStore.ScalarAsync(shared.Stack, """
            INSERT INTO clicks (event_id, code, occurred_at, user_agent_class, visitor_hash)
            SELECT gen_random_uuid(), @code, now() - make_interval(months => @months), 'browser', md5(random()::text)
            FROM generate_series(1, @count)
            """, ("code", code), ("months", monthsAgo), ("count", count));
}
