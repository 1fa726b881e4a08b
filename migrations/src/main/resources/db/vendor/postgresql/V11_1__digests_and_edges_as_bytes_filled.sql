-- AllKinds schema, version 11.1 on PostgreSQL: every stored digest's and edge set's text as UTF-8
-- bytes (see version 11).
UPDATE objects SET digest_bytes = convert_to(digest, 'UTF8') WHERE digest IS NOT NULL;
UPDATE object_edge_sets SET edges_bytes = convert_to(edges, 'UTF8');
