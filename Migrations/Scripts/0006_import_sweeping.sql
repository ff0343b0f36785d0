-- The import sweeper (Api/Imports/ImportSweeper.cs): how often an import's message was sent again after it was lost,
-- the reason a user sees when it gave up, and the file dropped once the import is finished.
ALTER TABLE imports
    ADD COLUMN dispatch_attempts integer NOT NULL DEFAULT 0, -- messages sent again by the sweeper
    ADD COLUMN failure_reason text,
    ALTER COLUMN file DROP NOT NULL; -- null once the import has completed or failed

CREATE INDEX imports_unfinished ON imports (updated_at) WHERE status IN ('queued', 'running');
