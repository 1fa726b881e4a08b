-- AllKinds schema, version 11: an object's digest (see version 9) and a set's edges (see version 10)
-- are kept as bytes, their text in UTF-8. H2 writes a binary value as one copy but a text value
-- character by character, and the digest (some 500 characters for a Pod) is on every object row,
-- written again with every change and every rewrite of its page: as text, digests and edges cost a
-- first list about 20% of its throughput, as bytes about 10% (ExplainWriterBenchmark).
-- Version 11.1 (one per database, under db/vendor) fills the new columns from the old ones, and
-- version 11.2 drops the old columns and gives the new ones their names.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE objects ADD COLUMN digest_bytes BYTEA;
ALTER TABLE object_edge_sets ADD COLUMN edges_bytes BYTEA;
