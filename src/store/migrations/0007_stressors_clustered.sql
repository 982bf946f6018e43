-- 0007: stressor flags stored in the order of their key (check-in, category), with no row id
-- and no separate index beside them: a flag is written once instead of twice, and a check-in's
-- flags are read from one place.
CREATE TABLE checkin_stressors_clustered (
    checkin_id INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
    category   TEXT NOT NULL,
    severity   TEXT NOT NULL CHECK (severity IN ('low', 'moderate', 'high')),
    PRIMARY KEY (checkin_id, category)
) WITHOUT ROWID;
INSERT INTO checkin_stressors_clustered (checkin_id, category, severity)
    SELECT checkin_id, category, severity FROM checkin_stressors;
DROP TABLE checkin_stressors;
ALTER TABLE checkin_stressors_clustered RENAME TO checkin_stressors;
