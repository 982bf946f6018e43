-- 0002: check-ins, stressor flags, the resource catalog and referrals.
CREATE TABLE checkins (
    id              INTEGER PRIMARY KEY,
    employee_id     TEXT NOT NULL REFERENCES people(employee_id),
    author          TEXT NOT NULL REFERENCES accounts(login),
    kind            TEXT NOT NULL CHECK (kind IN ('supervisor', 'mentoring')),
    occurred_on     TEXT NOT NULL,
    wellbeing       INTEGER NOT NULL CHECK (wellbeing BETWEEN 1 AND 5),
    visibility      TEXT NOT NULL CHECK (visibility IN ('chain', 'private')),
    notes           TEXT NOT NULL DEFAULT '',
    follow_up_on    TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    notes_purged_on TEXT
);
CREATE INDEX checkins_by_employee ON checkins(employee_id, occurred_on);
CREATE INDEX checkins_by_author ON checkins(author);
CREATE INDEX checkins_by_follow_up ON checkins(follow_up_on) WHERE follow_up_on IS NOT NULL;

CREATE TABLE checkin_stressors (
    checkin_id INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
    category   TEXT NOT NULL,
    severity   TEXT NOT NULL CHECK (severity IN ('low', 'moderate', 'high')),
    PRIMARY KEY (checkin_id, category)
);

-- An edited check-in keeps each earlier version here, whole (JSON, stressors included).
CREATE TABLE checkin_versions (
    checkin_id  INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    PRIMARY KEY (checkin_id, version)
);

CREATE TABLE resources (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    contact         TEXT NOT NULL,
    hours           TEXT NOT NULL,
    confidentiality TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    helps_with      TEXT NOT NULL DEFAULT '',
    crisis          INTEGER NOT NULL DEFAULT 0,
    retired         INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);

CREATE TABLE referrals (
    id            INTEGER PRIMARY KEY,
    employee_id   TEXT NOT NULL REFERENCES people(employee_id),
    resource_id   TEXT NOT NULL REFERENCES resources(id),
    created_by    TEXT NOT NULL REFERENCES accounts(login),
    created_on    TEXT NOT NULL,
    consent       TEXT NOT NULL CHECK (consent IN ('given', 'pending', 'refused')),
    status        TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'contacted', 'in_progress', 'closed', 'withdrawn')),
    outcome       TEXT CHECK (outcome IN ('completed', 'declined', 'no_show', 'not_needed')),
    urgency       TEXT NOT NULL DEFAULT 'routine' CHECK (urgency IN ('routine', 'soon', 'urgent')),
    reason        TEXT NOT NULL DEFAULT '',
    self_referral INTEGER NOT NULL DEFAULT 0,
    updated_on    TEXT NOT NULL,
    closed_on     TEXT
);
CREATE INDEX referrals_by_employee ON referrals(employee_id);
CREATE INDEX referrals_by_status ON referrals(status, created_on);

CREATE TABLE referral_events (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    on_date     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    status      TEXT NOT NULL,
    consent     TEXT NOT NULL,
    outcome     TEXT,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_events_by_referral ON referral_events(referral_id, on_date);
