-- One link's raw clicks in a time range, for its owner's clicks export (Api/Exports/ClickExport.cs): without it the
-- export reads every click of the range (clicks_by_time) to find one link's. Its cost is on the Worker's insert: one
-- more B-tree entry per click (about 30 bytes), placed by code, so like the primary key it lands on scattered pages.
CREATE INDEX clicks_by_code_and_time ON clicks (code, occurred_at);
