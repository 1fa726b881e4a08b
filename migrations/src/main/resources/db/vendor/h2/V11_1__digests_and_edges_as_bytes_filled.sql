-- AllKinds schema, version 11.1 on H2: every stored digest's and edge set's text as UTF-8 bytes
-- (see version 11).
UPDATE objects SET digest_bytes = STRINGTOUTF8(digest) WHERE digest IS NOT NULL;
UPDATE object_edge_sets SET edges_bytes = STRINGTOUTF8(edges);
