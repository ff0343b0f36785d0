using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

// The per-hour and per-day visitor sets are deleted by the Workers' job once their UTC day ended 48 hours ago
// (VisitorSetRetention:KeepHoursAfterDayEnds), in batches; the visitor counts stay. The shared stack runs the job
// every SharedStack.VisitorSetRetentionInterval with batches of SharedStack.VisitorSetRetentionBatchSize rows.
public sealed class VisitorSetRetentionTests(SharedStack shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Today - 3 days ended more than 48 hours ago whatever the time of day; today - 2 days ended less than 48 hours ago.
    [Fact]
    public async Task Visitor_sets_of_days_that_ended_more_than_48_hours_ago_are_deleted_in_batches_and_newer_ones_and_the_counts_stay()
    {
        var code = "visitor-sets-" + Guid.NewGuid().ToString("N")[..8];
        var oldVisitors = 2 * SharedStack.VisitorSetRetentionBatchSize + 1; // more than one batch
        await InsertSetsAsync(code, daysAgo: 4, visitors: oldVisitors);
        await InsertSetsAsync(code, daysAgo: 3, visitors: oldVisitors);
        await InsertSetsAsync(code, daysAgo: 2, visitors: 2);
        await InsertSetsAsync(code, daysAgo: 0, visitors: 1);
        await ClickStore.ScalarAsync(shared.Stack, """
            INSERT INTO link_visitor_day_counts (code, day, visitors, bot_visitors)
            VALUES (@code, (now() AT TIME ZONE 'UTC')::date - 4, @visitors, 0)
            """, ("code", code), ("visitors", (long)oldVisitors));

        await Eventually.HoldsAsync(() => DaysKeptAsync(code), days => days == "0,2|0,2", Timeout, "the sets of days 3 and 4 back deleted");

        Assert.Equal(3, await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM link_visitor_days WHERE code = @code", ("code", code)));
        Assert.Equal(3 * 2, await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM link_visitor_hours WHERE code = @code", ("code", code)));
        Assert.Equal(oldVisitors, await ClickStore.ScalarAsync(shared.Stack, "SELECT visitors FROM link_visitor_day_counts WHERE code = @code", ("code", code)));
    }

    // "days back of the daily sets|days back of the hourly sets", each ascending.
    private async Task<string> DaysKeptAsync(string code)
    {
        await using var connection = new Npgsql.NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT (SELECT string_agg(DISTINCT ((now() AT TIME ZONE 'UTC')::date - day)::text, ',' ORDER BY ((now() AT TIME ZONE 'UTC')::date - day)::text) FROM link_visitor_days WHERE code = @code)
                || '|' || (SELECT string_agg(DISTINCT ((now() AT TIME ZONE 'UTC')::date - hour::date)::text, ',' ORDER BY ((now() AT TIME ZONE 'UTC')::date - hour::date)::text) FROM link_visitor_hours WHERE code = @code)
            """, connection);
        command.Parameters.AddWithValue("code", code);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    // Each visitor in the day's set and in the sets of its first and last hour.
    private Task InsertSetsAsync(string code, int daysAgo, int visitors) =>
        ClickStore.ScalarAsync(shared.Stack, """
            WITH visitor AS (
                SELECT md5(random()::text) AS hash, (now() AT TIME ZONE 'UTC')::date - @days AS day FROM generate_series(1, @visitors)
            ), days AS (
                INSERT INTO link_visitor_days (code, day, visitor_hash, bot) SELECT @code, day, hash, false FROM visitor
            )
            INSERT INTO link_visitor_hours (code, hour, visitor_hash, bot)
            SELECT @code, day + hour, hash, false FROM visitor, (VALUES (interval '0 hours'), (interval '23 hours')) AS h(hour)
            """, ("code", code), ("days", daysAgo), ("visitors", visitors));
}
