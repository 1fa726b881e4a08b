-- AllKinds schema, version 11: an object's digest (see version 9) is kept as bytes, its text in
-- UTF-8. H2 writes a binary value as one copy but a text value character by character, and the
-- digest (some 500 characters for a Pod) is on every object row, written again with every change
-- and with every page rewrite: as text it cost a first list about 15% of its throughput.
-- Version 11.1 (one per database, under db/vendor) fills the new column from the old one, and
-- version 11.2 drops the old column and gives the new one its name.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE objects ADD COLUMN digest_bytes BYTEA;
