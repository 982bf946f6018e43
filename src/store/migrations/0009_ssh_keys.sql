-- 0009: OpenSSH public keys per account. The fingerprint is the key: one key opens at most
-- one account. The signed list beside the vault (steady.sshkeys) is written from this table.
CREATE TABLE ssh_keys (
    fingerprint TEXT PRIMARY KEY,
    login       TEXT NOT NULL REFERENCES accounts(login),
    key_type    TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    comment     TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL
);
CREATE INDEX ssh_keys_by_login ON ssh_keys(login);
