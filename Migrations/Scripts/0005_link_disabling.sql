-- An operator's switch against abuse (Api/Operators): a disabled link answers 410 Gone until it is
-- enabled again. Its owner still sees it, marked disabled; a change to it bumps the version like any other.
ALTER TABLE links ADD COLUMN disabled_at timestamptz, ADD COLUMN disabled_reason text;
