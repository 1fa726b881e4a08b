-- AllKinds schema, version 11.2: the digest's text column goes, and its bytes take its name (see
-- version 11). Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE objects DROP COLUMN digest;
ALTER TABLE objects RENAME COLUMN digest_bytes TO digest;
