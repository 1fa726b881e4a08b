-- AllKinds schema, version 12.2: the sets' source keys, filled by version 12.1, are indexed; the
-- index of the five text columns goes (see version 12).
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
CREATE INDEX object_edge_sets_by_source_key ON object_edge_sets (source_key);
DROP INDEX object_edge_sets_by_source;
