-- One link's raw clicks in a time range, for its owner's clicks export (Api/Exports/ClickExport.cs): without it the
-- export reads every click of the range (clicks_by_time) to find one link's. It costs every click insert one more
-- B-tree entry (code, occurred_at), about 40 bytes and its WAL; the Worker stores clicks in batches, so this is
-- a small share of an insert's work (docs/api.md, Exports).
CREATE INDEX clicks_by_code_and_time ON clicks (code, occurred_at);
