-- AllKinds schema, version 5: a number for each search text, so that an index of its pieces can
-- name the object in 8 bytes instead of its five key columns. The writer sets it to the sequence
-- number of the change that last wrote the search text (a new object, or new labels), so no two
-- objects share one. Engines with their own substring index (PostgreSQL's pg_trgm) do not read it.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE objects ADD COLUMN search_id BIGINT;
UPDATE objects SET search_id = seq;
