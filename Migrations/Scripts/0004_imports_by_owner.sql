-- An account's imports of the last day, for its import quota (Api/Imports/ImportQuota.cs).
CREATE INDEX imports_by_owner ON imports (owner_id, created_at);
