-- 0008: one prompt per person per audience ("chain", "mentor:LOGIN", "coordinator"), its
-- reasons, and each viewer's own acknowledgement or snooze.
ALTER TABLE prompts ADD COLUMN audience_key TEXT NOT NULL DEFAULT 'chain';
ALTER TABLE prompts ADD COLUMN severity_since TEXT;
ALTER TABLE prompts ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]';
-- The prompts raised by the earlier rules were shared by everyone above a person and built
-- from records not all of them could read: they end here, and the next evaluation raises
-- again what still holds under the rules now in force.
INSERT INTO prompt_events (prompt_id, on_date, actor, state, note)
    SELECT id, date('now'), 'steady', 'resolved', 'replaced by the rewritten rules'
    FROM prompts WHERE state <> 'resolved';
UPDATE prompts SET state = 'resolved', resolved_on = date('now'), snooze_until = NULL
    WHERE state <> 'resolved';
UPDATE prompts SET severity_since = opened_on;
DROP INDEX prompts_one_live;
CREATE UNIQUE INDEX prompts_one_live_per_audience
    ON prompts(employee_id, audience_key) WHERE state = 'open';

CREATE TABLE prompt_responses (
    id          INTEGER PRIMARY KEY,
    prompt_id   INTEGER NOT NULL REFERENCES prompts(id),
    viewer      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('acknowledged', 'snoozed')),
    on_date     TEXT NOT NULL,
    until       TEXT,
    severity    TEXT NOT NULL CHECK (severity IN ('info', 'attention', 'urgent')),
    evidence    TEXT NOT NULL,
    note        TEXT NOT NULL,
    undone_on   TEXT
);
CREATE INDEX prompt_responses_by_prompt ON prompt_responses(prompt_id, viewer);
