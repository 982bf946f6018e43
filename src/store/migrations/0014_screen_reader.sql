-- 0014: the screen-reader mode (issue 18). An SSH key may open its login in that mode (the
-- signed key list carries it into the forced command), and an account may prefer it for
-- its later logins. Both are NULL when off, so no row hash recorded before changes: the
-- canonical form leaves NULL columns out and takes these in once they are set.
ALTER TABLE ssh_keys ADD COLUMN screen_reader INTEGER;
ALTER TABLE accounts ADD COLUMN screen_reader INTEGER;
