-- AllKinds schema, version 11.2: the text columns of digests and edges go, and their bytes take
-- their names (see version 11). Portable SQL: every statement here runs unchanged on H2 2.x and
-- PostgreSQL 15.
ALTER TABLE objects DROP COLUMN digest;
ALTER TABLE objects RENAME COLUMN digest_bytes TO digest;
ALTER TABLE object_edge_sets DROP COLUMN edges;
ALTER TABLE object_edge_sets RENAME COLUMN edges_bytes TO edges;
ALTER TABLE object_edge_sets ALTER COLUMN edges SET NOT NULL;
