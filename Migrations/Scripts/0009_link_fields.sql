-- What a link's owner may set beside its target (Links/LinkFields.cs): a title and tags for finding it, a
-- window [valid_since, valid_until) outside which its redirect answers 404, a cap on the redirects it serves
-- (counted in Redis, see Api/Redirects/VisitLimit.cs), and whether a request's query string is forwarded.
ALTER TABLE links
    ADD COLUMN title text,
    ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
    ADD COLUMN valid_since timestamptz,
    ADD COLUMN valid_until timestamptz,
    ADD COLUMN max_visits bigint,
    ADD COLUMN forward_query boolean NOT NULL DEFAULT true,
    ADD CONSTRAINT links_valid_window CHECK (valid_since IS NULL OR valid_until IS NULL OR valid_since < valid_until),
    ADD CONSTRAINT links_max_visits CHECK (max_visits IS NULL OR max_visits BETWEEN 1 AND 1000000000);

-- The tag filter of an owner's list and GET /api/tags.
CREATE INDEX links_by_tag ON links USING gin (tags) WHERE deleted_at IS NULL;
