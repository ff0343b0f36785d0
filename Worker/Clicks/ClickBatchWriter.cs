using Messaging.Clicks;
using Npgsql;
using NpgsqlTypes;

namespace Worker.Clicks;

// A batch of clicks and the rollups they add to, in one transaction: either all of it is written or
// none. Event ids already stored are skipped, so a redelivered batch changes nothing. A visitor counts once per hour
// and per UTC day: the day's visitor sets (kept until VisitorSetRetention deletes them) tell the new ones apart.
// Rollup and set rows are written in key order so two Workers writing the same links at once wait for each other, not deadlock.
public sealed class ClickBatchWriter(NpgsqlDataSource primary)
{
    private const string Sql = """
        WITH input AS (
            SELECT * FROM unnest(@event_ids, @codes, @occurred_at, @referrer_hosts, @agents, @visitors)
                AS t(event_id, code, occurred_at, referrer_host, user_agent_class, visitor_hash)
        ), inserted AS (
            INSERT INTO clicks (event_id, code, occurred_at, referrer_host, user_agent_class, visitor_hash)
            SELECT event_id, code, occurred_at, referrer_host, user_agent_class, visitor_hash FROM input
            ON CONFLICT (event_id) DO NOTHING
            RETURNING code, occurred_at AT TIME ZONE 'UTC' AS at_utc, coalesce(referrer_host, '') AS referrer_host, user_agent_class,
                visitor_hash, user_agent_class = 'bot' AS bot
        ), hour_visitors AS (
            INSERT INTO link_visitor_hours (code, hour, visitor_hash, bot)
            SELECT code, date_trunc('hour', at_utc), visitor_hash, bool_and(bot) FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (code, hour, visitor_hash) DO NOTHING
            RETURNING code, hour, bot
        ), day_visitors AS (
            INSERT INTO link_visitor_days (code, day, visitor_hash, bot)
            SELECT code, at_utc::date, visitor_hash, bool_and(bot) FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (code, day, visitor_hash) DO NOTHING
            RETURNING code, day, bot
        ), totals AS (
            INSERT INTO link_click_totals (code, clicks)
            SELECT code, count(*) FROM inserted GROUP BY code ORDER BY code
            ON CONFLICT (code) DO UPDATE SET clicks = link_click_totals.clicks + EXCLUDED.clicks
        ), hours AS (
            -- Only the visitors this batch added to an hour's set are new to that hour: RETURNING leaves out the known ones.
            INSERT INTO link_click_hours (code, hour, clicks, bot_clicks, visitors, bot_visitors)
            SELECT c.code, c.hour, c.clicks, c.bot_clicks, coalesce(v.visitors, 0), coalesce(v.bot_visitors, 0)
            FROM (SELECT code, date_trunc('hour', at_utc) AS hour, count(*) AS clicks, count(*) FILTER (WHERE bot) AS bot_clicks
                  FROM inserted GROUP BY 1, 2) c
            LEFT JOIN (SELECT code, hour, count(*) AS visitors, count(*) FILTER (WHERE bot) AS bot_visitors
                  FROM hour_visitors GROUP BY 1, 2) v ON v.code = c.code AND v.hour = c.hour
            ORDER BY 1, 2
            ON CONFLICT (code, hour) DO UPDATE SET
                clicks = link_click_hours.clicks + EXCLUDED.clicks,
                bot_clicks = link_click_hours.bot_clicks + EXCLUDED.bot_clicks,
                visitors = link_click_hours.visitors + EXCLUDED.visitors,
                bot_visitors = link_click_hours.bot_visitors + EXCLUDED.bot_visitors
        ), day_visitor_counts AS (
            INSERT INTO link_visitor_day_counts (code, day, visitors, bot_visitors)
            SELECT code, day, count(*), count(*) FILTER (WHERE bot) FROM day_visitors GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (code, day) DO UPDATE SET
                visitors = link_visitor_day_counts.visitors + EXCLUDED.visitors,
                bot_visitors = link_visitor_day_counts.bot_visitors + EXCLUDED.bot_visitors
        ), referrers AS (
            INSERT INTO link_referrer_days (code, day, referrer_host, clicks)
            SELECT code, at_utc::date, referrer_host, count(*) FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (code, day, referrer_host) DO UPDATE SET clicks = link_referrer_days.clicks + EXCLUDED.clicks
        ), agents AS (
            INSERT INTO link_agent_days (code, day, user_agent_class, clicks)
            SELECT code, at_utc::date, user_agent_class, count(*) FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (code, day, user_agent_class) DO UPDATE SET clicks = link_agent_days.clicks + EXCLUDED.clicks
        )
        SELECT count(*) FROM inserted
        """;

    // How many of the clicks were new (the rest were already stored).
    public async Task<int> WriteAsync(IReadOnlyList<ClickEvent> clicks, CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        // One statement is one transaction (all of it or none) in one round trip; prepared, so Postgres parses and plans
        // it once per pooled connection instead of for every batch.
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter("event_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = clicks.Select(c => c.EventId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = clicks.Select(c => c.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("occurred_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = clicks.Select(c => c.OccurredAt.UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("referrer_hosts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = clicks.Select(c => (object?)c.ReferrerHost ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("agents", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = clicks.Select(c => c.UserAgentClass).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("visitors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = clicks.Select(c => c.VisitorHash).ToArray() });
        await command.PrepareAsync(cancellationToken);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
