-- 0012: what a home screen reads at login, in proportion to what it shows rather than to
-- the people in someone's care.
--
-- Each person's latest check-in day (any author; NULL: never checked in with), for "not
-- seen lately" and for the follow-ups asked on someone's latest check-in. Derived from
-- `checkins` and kept in step by the triggers below in the same transaction as every write
-- to it (the app's, the generator's, anyone's), so it is never audited: it is rebuilt from
-- the check-ins here and `audit verify` vouches for those.
CREATE TABLE person_last_checkin (
    employee_id TEXT PRIMARY KEY,
    last_on     TEXT
) WITHOUT ROWID;
CREATE INDEX person_last_checkin_by_day ON person_last_checkin(last_on);

INSERT INTO person_last_checkin (employee_id, last_on)
    SELECT p.employee_id,
           (SELECT max(c.occurred_on) FROM checkins c WHERE c.employee_id = p.employee_id)
    FROM people p;

CREATE TRIGGER person_last_checkin_person AFTER INSERT ON people
BEGIN
    INSERT OR IGNORE INTO person_last_checkin (employee_id, last_on)
        VALUES (new.employee_id,
                (SELECT max(occurred_on) FROM checkins WHERE employee_id = new.employee_id));
END;

CREATE TRIGGER person_last_checkin_added AFTER INSERT ON checkins
BEGIN
    INSERT INTO person_last_checkin (employee_id, last_on)
        VALUES (new.employee_id, new.occurred_on)
        ON CONFLICT (employee_id) DO UPDATE SET last_on = excluded.last_on
        WHERE last_on IS NULL OR last_on < excluded.last_on;
END;

-- A check-in moved to another day (or another person): both people's latest day again.
CREATE TRIGGER person_last_checkin_moved AFTER UPDATE OF employee_id, occurred_on ON checkins
BEGIN
    UPDATE person_last_checkin
        SET last_on = (SELECT max(occurred_on) FROM checkins WHERE employee_id = old.employee_id)
        WHERE employee_id = old.employee_id;
    INSERT INTO person_last_checkin (employee_id, last_on)
        VALUES (new.employee_id,
                (SELECT max(occurred_on) FROM checkins WHERE employee_id = new.employee_id))
        ON CONFLICT (employee_id) DO UPDATE SET last_on = excluded.last_on;
END;

CREATE TRIGGER person_last_checkin_removed AFTER DELETE ON checkins
BEGIN
    UPDATE person_last_checkin
        SET last_on = (SELECT max(occurred_on) FROM checkins WHERE employee_id = old.employee_id)
        WHERE employee_id = old.employee_id;
END;

-- The follow-ups one author asked for, found without reading their other check-ins.
CREATE INDEX checkins_follow_ups_by_author ON checkins(author, follow_up_on)
    WHERE follow_up_on IS NOT NULL;

-- The roster in directory order (every people list's), read without sorting it: a home
-- near the top of the chain lists tens of thousands of people.
CREATE INDEX people_by_name ON people(name COLLATE NOCASE, employee_id, unit, supervisor_id, active);

-- One viewer's standing acknowledgements and snoozes, read at once for their prompt list.
CREATE INDEX prompt_responses_standing_by_viewer ON prompt_responses(viewer)
    WHERE undone_on IS NULL;
