-- 0001: the vault's foundation. Shipped migrations are never edited; add a new file.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE people (
    employee_id   TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL,
    supervisor_id TEXT REFERENCES people(employee_id) DEFERRABLE INITIALLY DEFERRED,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX people_by_supervisor ON people(supervisor_id);
CREATE INDEX people_by_unit ON people(unit);

CREATE TABLE accounts (
    login                  TEXT PRIMARY KEY,
    person_id              TEXT REFERENCES people(employee_id),
    roles                  TEXT NOT NULL,
    must_change_passphrase INTEGER NOT NULL,
    disabled               INTEGER NOT NULL DEFAULT 0,
    created_at             TEXT NOT NULL
);

-- Every public key an account has held, so old audit signatures stay verifiable.
CREATE TABLE account_keys (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL REFERENCES accounts(login),
    x25519_public TEXT NOT NULL,
    ed25519_public TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    retired_at    TEXT
);
CREATE INDEX account_keys_by_login ON account_keys(login);

CREATE TABLE mentorships (
    mentor_login TEXT NOT NULL REFERENCES accounts(login),
    employee_id  TEXT NOT NULL REFERENCES people(employee_id),
    since        TEXT NOT NULL,
    PRIMARY KEY (mentor_login, employee_id)
);
CREATE INDEX mentorships_by_employee ON mentorships(employee_id);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    signer    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit_log(subject);
