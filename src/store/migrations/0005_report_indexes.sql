-- 0005: what the aggregate reports need to count check-ins by month without reading every
-- row: an index on the month of each check-in, with whom it was.
CREATE INDEX checkins_by_month ON checkins(substr(occurred_on, 1, 7), employee_id);
