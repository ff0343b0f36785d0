using Npgsql;
using ReadRouting;

namespace Api.Analytics;

// Stats come from the rollups the Worker keeps, never from scanning raw clicks on a request.
// Referrers and agents are kept per UTC day, so they count the whole days the range touches.
public sealed class LinkStatsStore(LinksDatabase database)
{
    // Analytics may be a moment stale: without a token they are served by the replica.
    public Task<RoutedRead<LinkStats>> ReadAsync(string code, StatsQuery query, ConsistencyToken? token, CancellationToken cancellationToken) =>
        database.ReadAsync(token, (connection, cancellation) => ReadAsync(connection, code, query, cancellation), cancellationToken);

    private static async Task<LinkStats> ReadAsync(NpgsqlConnection connection, string code, StatsQuery query, CancellationToken cancellationToken)
    {

        var series = new List<ClickBucket>();
        await using (var buckets = new NpgsqlCommand(
            """
            SELECT bucket, coalesce(sum(h.clicks), 0)::bigint
            FROM generate_series(date_trunc(@unit, @from), @to - interval '1 microsecond', ('1 ' || @unit)::interval) AS bucket
            LEFT JOIN link_click_hours h ON h.code = @code AND h.hour >= bucket AND h.hour < bucket + ('1 ' || @unit)::interval AND h.hour >= @from AND h.hour < @to
            GROUP BY bucket ORDER BY bucket
            """, connection))
        {
            AddRange(buckets, code, query);
            await using var reader = await buckets.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                series.Add(new ClickBucket(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc), reader.GetInt64(1)));
            }
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
            new AgentClicks(agents.GetValueOrDefault("browser"), agents.GetValueOrDefault("bot"), agents.GetValueOrDefault("unknown")));
    }

    private static void AddRange(NpgsqlCommand command, string code, StatsQuery query)
    {
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("unit", query.Interval);
        // The rollups hold UTC as timestamp without time zone.
        command.Parameters.AddWithValue("from", DateTime.SpecifyKind(query.From, DateTimeKind.Unspecified));
        command.Parameters.AddWithValue("to", DateTime.SpecifyKind(query.To, DateTimeKind.Unspecified));
    }
}
