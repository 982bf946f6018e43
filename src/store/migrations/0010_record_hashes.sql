-- Integrity that rests on private keys (DESIGN.md): every audited write records the hash
-- of each row version it produced, and entries that change an account carry its facts.
ALTER TABLE audit_log ADD COLUMN records TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN facts TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_account_facts ON audit_log(seq) WHERE facts <> '';

-- One row per (table, primary key, entry): the SHA-256 of the row as that entry left it,
-- or an empty blob where it deleted the row. Clustered by key so `audit verify` can walk
-- it beside each table in key order; the second index walks it in chain order.
CREATE TABLE audit_records (
    tbl  INTEGER NOT NULL,
    k1   NOT NULL,
    k2   NOT NULL,
    seq  INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (tbl, k1, k2, seq)
) WITHOUT ROWID;
CREATE INDEX audit_records_by_seq ON audit_records(seq);
