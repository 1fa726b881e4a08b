-- AllKinds schema, version 11: an object's digest (see version 9) and a set's edges (see version 10)
-- are written as bytes, their text in UTF-8. H2 writes a binary value as one copy but a text value
-- character by character, and the digest (some 500 characters for a Pod) is on every object row,
-- written again with every change and every rewrite of its page: as text, digests and edges cost a
-- first list about 20% of its throughput, as bytes 10 to 15% (ExplainWriterBenchmark).
--
-- What was stored as text stays, and is read as before: converting it here took 155 s for 1,000,000
-- objects and grew the H2 file from 1.6 to 7.1 GB. The writer clears an object's text digest when it
-- writes the row again; an edge set's text goes with the set (it ends when the edges change, and
-- retention drops it).
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE objects ADD COLUMN digest_bytes BYTEA;
ALTER TABLE object_edge_sets ADD COLUMN edges_bytes BYTEA;
ALTER TABLE object_edge_sets ALTER COLUMN edges DROP NOT NULL;
