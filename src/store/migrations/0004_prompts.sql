-- 0004: early-intervention prompts raised by the rules, and their history.
CREATE TABLE prompts (
    id           INTEGER PRIMARY KEY,
    rule_id      TEXT NOT NULL,
    employee_id  TEXT NOT NULL REFERENCES people(employee_id),
    severity     TEXT NOT NULL CHECK (severity IN ('info', 'attention', 'urgent')),
    state        TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'snoozed', 'resolved')),
    opened_on    TEXT NOT NULL,
    resolved_on  TEXT,
    snooze_until TEXT,
    explanation  TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    audience     TEXT NOT NULL,
    suggest      TEXT NOT NULL DEFAULT ''
);
-- Never two live prompts for the same rule and person, whoever writes at the same time.
CREATE UNIQUE INDEX prompts_one_live ON prompts(rule_id, employee_id) WHERE state <> 'resolved';
CREATE INDEX prompts_by_employee ON prompts(employee_id);
CREATE INDEX prompts_by_state ON prompts(state);

CREATE TABLE prompt_events (
    id        INTEGER PRIMARY KEY,
    prompt_id INTEGER NOT NULL REFERENCES prompts(id),
    on_date   TEXT NOT NULL,
    actor     TEXT NOT NULL,
    state     TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX prompt_events_by_prompt ON prompt_events(prompt_id);
