CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    email text NOT NULL,
    email_normalized text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A deleted link keeps its row (deleted_at set): its code is never handed out again, and its
-- version keeps rising, so a cache entry can always tell which of two states is newer.
CREATE TABLE links (
    code text COLLATE "C" PRIMARY KEY,
    owner_id uuid NOT NULL REFERENCES accounts (id),
    target_url text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    version bigint NOT NULL DEFAULT 1
);

CREATE INDEX links_by_owner_newest_first ON links (owner_id, created_at DESC, code DESC) WHERE deleted_at IS NULL;

-- Written in the same transaction as a link change; removed once Redis holds the change. What is
-- left here (Redis was unreachable) is retried until it is, so the cache cannot keep an old target.
CREATE TABLE redirect_cache_refreshes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text COLLATE "C" NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now()
);
