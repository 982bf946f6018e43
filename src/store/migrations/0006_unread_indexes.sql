-- 0006: two indexes that no query reads, dropped so that every check-in written keeps two
-- fewer indexes up to date. Check-ins are only ever looked up by person (and day), by month
-- or by id; an author's follow-ups are found among one person's check-ins, through
-- checkins_by_employee.
DROP INDEX checkins_by_author;
DROP INDEX checkins_by_follow_up;
