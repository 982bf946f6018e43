-- 0011: what the daily rules run needs to evaluate only the people whose prompts could have
-- changed since it last ran. Per person: the first day their prompts could change with no
-- new record (the earliest over their audiences; NULL: not until a record is written), and
-- for the last evaluation made by a write, the day it evaluated for and the last audit entry
-- whose records it had seen (its own). Bookkeeping that a full run (`rules run --full`)
-- rebuilds, so not audited.
CREATE TABLE rules_next_change (
    employee_id  TEXT PRIMARY KEY,
    due_on       TEXT,
    evaluated_on TEXT,
    seen_seq     INTEGER
) WITHOUT ROWID;
CREATE INDEX rules_next_change_by_day ON rules_next_change(due_on) WHERE due_on IS NOT NULL;
