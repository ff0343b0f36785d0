-- Unique visitors per link (Worker/Clicks/ClickBatchWriter.cs). A visitor hash only means one visitor within
-- its UTC day (the salt changes every day), so distinct visitors are counted per hour and per day, never across days.

-- The distinct visitor sets, kept only while a late click of their day may still arrive with the day's salt
-- (Worker/Clicks/VisitorSetRetention.cs deletes them 48 hours after their day ends); afterwards only the counts stay.
-- bot: the visitor's clicks came from a bot user agent (the hash covers the user agent, so one visitor is one class).
CREATE TABLE link_visitor_hours (
    code text COLLATE "C" NOT NULL,
    hour timestamp NOT NULL, -- UTC
    visitor_hash text NOT NULL,
    bot boolean NOT NULL,
    PRIMARY KEY (code, hour, visitor_hash)
);

CREATE TABLE link_visitor_days (
    code text COLLATE "C" NOT NULL,
    day date NOT NULL, -- UTC
    visitor_hash text NOT NULL,
    bot boolean NOT NULL,
    PRIMARY KEY (code, day, visitor_hash)
);

-- For the retention job, which deletes by time across all links.
CREATE INDEX link_visitor_hours_by_hour ON link_visitor_hours (hour);
CREATE INDEX link_visitor_days_by_day ON link_visitor_days (day);

CREATE TABLE link_visitor_day_counts (
    code text COLLATE "C" NOT NULL,
    day date NOT NULL, -- UTC
    visitors bigint NOT NULL,
    bot_visitors bigint NOT NULL,
    PRIMARY KEY (code, day)
);

-- A constant default adds the columns without rewriting the table. The lock it takes stays until this script
-- commits, so no Worker writes clicks while the counts below are filled from them: counts and sets agree.
ALTER TABLE link_click_hours
    ADD COLUMN bot_clicks bigint NOT NULL DEFAULT 0,
    ADD COLUMN visitors bigint NOT NULL DEFAULT 0,
    ADD COLUMN bot_visitors bigint NOT NULL DEFAULT 0;

-- The counts of the raw clicks still kept (ClickRetention:KeepMonths); hours whose raw clicks are gone keep 0.
UPDATE link_click_hours h
SET bot_clicks = c.bot_clicks, visitors = c.visitors, bot_visitors = c.bot_visitors
FROM (
    SELECT code, hour, sum(bot_clicks)::bigint AS bot_clicks,
           count(*) AS visitors, count(*) FILTER (WHERE bot) AS bot_visitors
    FROM (
        SELECT code, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AS hour, visitor_hash,
               count(*) FILTER (WHERE user_agent_class = 'bot') AS bot_clicks, bool_and(user_agent_class = 'bot') AS bot
        FROM clicks GROUP BY 1, 2, 3
    ) per_visitor
    GROUP BY code, hour
) c
WHERE h.code = c.code AND h.hour = c.hour;

INSERT INTO link_visitor_day_counts (code, day, visitors, bot_visitors)
SELECT code, day, count(*), count(*) FILTER (WHERE bot)
FROM (
    SELECT code, (occurred_at AT TIME ZONE 'UTC')::date AS day, visitor_hash, bool_and(user_agent_class = 'bot') AS bot
    FROM clicks GROUP BY 1, 2, 3
) per_visitor
GROUP BY code, day;

-- The sets of the days a late click may still arrive for (the same rule as the retention job's default), so such a
-- click is recognised as a visitor already counted.
INSERT INTO link_visitor_hours (code, hour, visitor_hash, bot)
SELECT code, date_trunc('hour', occurred_at AT TIME ZONE 'UTC'), visitor_hash, bool_and(user_agent_class = 'bot')
FROM clicks
WHERE occurred_at >= (((now() AT TIME ZONE 'UTC') - interval '72 hours')::date + 1)::timestamp AT TIME ZONE 'UTC'
GROUP BY 1, 2, 3;

INSERT INTO link_visitor_days (code, day, visitor_hash, bot)
SELECT code, (occurred_at AT TIME ZONE 'UTC')::date, visitor_hash, bool_and(user_agent_class = 'bot')
FROM clicks
WHERE occurred_at >= (((now() AT TIME ZONE 'UTC') - interval '72 hours')::date + 1)::timestamp AT TIME ZONE 'UTC'
GROUP BY 1, 2, 3;
