-- Raw click events, one row per event id: a redelivered event hits the primary key and is skipped.
CREATE TABLE clicks (
    event_id uuid PRIMARY KEY,
    code text COLLATE "C" NOT NULL,
    occurred_at timestamptz NOT NULL,
    referrer_host text,
    user_agent_class text NOT NULL,
    visitor_hash text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Rollups written in the same transaction as the clicks they count; analytics reads only these.
CREATE TABLE link_click_totals (
    code text COLLATE "C" PRIMARY KEY,
    clicks bigint NOT NULL
);

CREATE TABLE link_click_hours (
    code text COLLATE "C" NOT NULL,
    hour timestamp NOT NULL, -- UTC
    clicks bigint NOT NULL,
    PRIMARY KEY (code, hour)
);

CREATE TABLE link_referrer_days (
    code text COLLATE "C" NOT NULL,
    day date NOT NULL, -- UTC
    referrer_host text NOT NULL, -- '' when the click had no referrer
    clicks bigint NOT NULL,
    PRIMARY KEY (code, day, referrer_host)
);

CREATE TABLE link_agent_days (
    code text COLLATE "C" NOT NULL,
    day date NOT NULL, -- UTC
    user_agent_class text NOT NULL,
    clicks bigint NOT NULL,
    PRIMARY KEY (code, day, user_agent_class)
);
