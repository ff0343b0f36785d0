-- API keys for scripts (Api/Keys): only the SHA-256 of a key is kept, so a copy of this table lets no one
-- act as anyone. A revoked key's row is deleted. last_used_at is written at most once a minute per key.
CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    owner_id uuid NOT NULL REFERENCES accounts (id),
    name text NOT NULL,
    key_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    last_used_at timestamptz
);

CREATE INDEX api_keys_by_owner ON api_keys (owner_id, created_at DESC);
