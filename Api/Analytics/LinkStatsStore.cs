using Npgsql;
using ReadRouting;

namespace Api.Analytics;

// Stats come from the rollups the Worker keeps, never from scanning raw clicks on a request.
// Referrers, agents and the range's unique visitors are kept per UTC day, so they count the whole days the range touches.
public sealed class LinkStatsStore(LinksDatabase database)
{
    // Analytics may be a moment stale: without a token they are served by the replica.
    public Task<RoutedRead<LinkStats>> ReadAsync(string code, StatsQuery query, ConsistencyToken? token, CancellationToken cancellationToken) =>
        database.ReadAsync(token, (connection, cancellation) => ReadAsync(connection, code, query, cancellation), cancellationToken);

    private static async Task<LinkStats> ReadAsync(NpgsqlConnection connection, string code, StatsQuery query, CancellationToken cancellationToken)
    {

        // With ExcludeBots the bot share each rollup row keeps is taken off its clicks and visitors.
        var series = new List<ClickBucket>();
        await using (var buckets = new NpgsqlCommand(
            """
            SELECT bucket,
                coalesce(sum(h.clicks - CASE WHEN @exclude_bots THEN h.bot_clicks ELSE 0 END), 0)::bigint,
                coalesce(sum(h.visitors - CASE WHEN @exclude_bots THEN h.bot_visitors ELSE 0 END), 0)::bigint
            FROM generate_series(date_trunc(@unit, @from), @to - interval '1 microsecond', ('1 ' || @unit)::interval) AS bucket
            LEFT JOIN link_click_hours h ON h.code = @code AND h.hour >= bucket AND h.hour < bucket + ('1 ' || @unit)::interval AND h.hour >= @from AND h.hour < @to
            GROUP BY bucket ORDER BY bucket
            """, connection))
        {
            AddRange(buckets, code, query);
            await using var reader = await buckets.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                series.Add(new ClickBucket(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        // Hours' visitors do not add up to a day's (one visitor can come back in another hour): days have their own counts.
        var dayVisitors = new Dictionary<DateOnly, long>();
        await using (var days = new NpgsqlCommand(
            """
            SELECT day, visitors - CASE WHEN @exclude_bots THEN bot_visitors ELSE 0 END FROM link_visitor_day_counts
            WHERE code = @code AND day >= @from::date AND day <= (@to - interval '1 microsecond')::date
            """, connection))
        {
            AddRange(days, code, query);
            await using var reader = await days.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                dayVisitors[reader.GetFieldValue<DateOnly>(0)] = reader.GetInt64(1);
            }
        }
        if (query.Interval == StatsQuery.Day)
        {
            series = [.. series.Select(bucket => bucket with { UniqueVisitors = dayVisitors.GetValueOrDefault(DateOnly.FromDateTime(bucket.T)) })];
        }

        var referrers = new List<ReferrerClicks>();
        await using (var hosts = new NpgsqlCommand(
            """
            SELECT referrer_host, sum(clicks)::bigint AS clicks FROM link_referrer_days
            WHERE code = @code AND day >= @from::date AND day <= (@to - interval '1 microsecond')::date AND referrer_host <> ''
            GROUP BY referrer_host ORDER BY clicks DESC, referrer_host LIMIT 10
            """, connection))
        {
            AddRange(hosts, code, query);
            await using var reader = await hosts.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                referrers.Add(new ReferrerClicks(reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var agents = new Dictionary<string, long>();
        await using (var classes = new NpgsqlCommand(
            """
            SELECT user_agent_class, sum(clicks)::bigint FROM link_agent_days
            WHERE code = @code AND day >= @from::date AND day <= (@to - interval '1 microsecond')::date
            GROUP BY user_agent_class
            """, connection))
        {
            AddRange(classes, code, query);
            await using var reader = await classes.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                agents[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new LinkStats(
            series.Sum(b => b.Clicks),
            series,
            referrers,
            new AgentClicks(agents.GetValueOrDefault("browser"), agents.GetValueOrDefault("bot"), agents.GetValueOrDefault("unknown")),
            dayVisitors.Values.Sum());
    }

    private static void AddRange(NpgsqlCommand command, string code, StatsQuery query)
    {
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("unit", query.Interval);
        command.Parameters.AddWithValue("exclude_bots", query.ExcludeBots);
        // The rollups hold UTC as timestamp without time zone.
        command.Parameters.AddWithValue("from", DateTime.SpecifyKind(query.From, DateTimeKind.Unspecified));
        command.Parameters.AddWithValue("to", DateTime.SpecifyKind(query.To, DateTimeKind.Unspecified));
    }
}
