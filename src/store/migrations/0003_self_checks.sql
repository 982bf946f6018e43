-- 0003: confidential self-checks and anonymous band counts.
-- Only what access needs is in the clear: whose it is, its date and whether it is shared.
-- The instrument, answers and score live inside `sealed` (age, to the owner and, when
-- shared, to the coordinators), so holding the master key does not reveal them.
-- AUTOINCREMENT: a deleted self-check's id is never reused, so audit entries naming an id
-- always mean one record.
CREATE TABLE self_checks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner      TEXT NOT NULL REFERENCES accounts(login),
    taken_on   TEXT NOT NULL,
    shared     INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    sealed     BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX self_checks_by_owner ON self_checks(owner, taken_on);
CREATE INDEX self_checks_shared ON self_checks(shared) WHERE shared = 1;

-- One row per self-check its owner chose to count, anonymously, in the unit's monthly
-- bands. No person, no day, no timestamp, and a random id (assigned by the store) rather
-- than an incrementing one, so neither a column nor the row order leads back to anyone.
CREATE TABLE anon_contributions (
    id         INTEGER PRIMARY KEY,
    unit       TEXT NOT NULL,
    month      TEXT NOT NULL,
    instrument TEXT NOT NULL,
    band       TEXT NOT NULL
);
CREATE INDEX anon_contributions_by_unit_month ON anon_contributions(unit, month);
