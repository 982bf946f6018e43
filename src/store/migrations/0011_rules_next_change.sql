-- 0011: the first day each person's prompts could change with no new record (the earliest
-- over the audiences their prompts go to), so the daily rules run evaluates only the people
-- whose day has come and those with records written since it last ran. Bookkeeping that a
-- full run (`rules run --full`) rebuilds, so not audited. No row: nothing can change until
-- a record is written.
CREATE TABLE rules_next_change (
    employee_id TEXT PRIMARY KEY,
    due_on      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX rules_next_change_by_day ON rules_next_change(due_on);
