-- AllKinds schema, version 10.2: the relationships of version 9 are in object_edge_sets and
-- object_edge_targets (10.1, a Java migration: the target keys are Java's hashes); the old table goes.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
DROP TABLE object_edges;
