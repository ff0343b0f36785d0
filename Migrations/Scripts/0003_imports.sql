-- A bulk import: the uploaded file itself (no replica keeps it on disk), its progress and its result.
CREATE TABLE imports (
    id uuid PRIMARY KEY,
    owner_id uuid NOT NULL REFERENCES accounts (id),
    file text NOT NULL,
    status text NOT NULL DEFAULT 'queued', -- queued | running | completed | failed
    total integer NOT NULL,
    succeeded integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0,
    deliveries integer NOT NULL DEFAULT 0, -- times a Worker took up its message (redeliveries included)
    dispatched boolean NOT NULL DEFAULT false, -- its message is confirmed by the broker
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX imports_not_dispatched ON imports (created_at) WHERE NOT dispatched;

-- One result per row, written in the same transaction as the link it created: a redelivered import
-- skips the rows it already has.
CREATE TABLE import_rows (
    import_id uuid NOT NULL REFERENCES imports (id),
    row_number integer NOT NULL,
    code text COLLATE "C",
    error text,
    PRIMARY KEY (import_id, row_number)
);
