-- AllKinds schema, version 7.2: the label rows keyed by search id are complete (7.1): the old
-- rows go, and the new table gets its key and index. The key is named, and added once the old
-- table is gone: PostgreSQL had given the old key's index this name.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
DROP TABLE object_labels_v1;
ALTER TABLE object_labels ADD CONSTRAINT object_labels_pkey PRIMARY KEY (search_id, label_key);
-- Drives selector queries: a label's objects, already narrowed by the hash of cluster and type
-- inside the index, joined to their rows by objects.search_id (index objects_by_search_id).
CREATE INDEX object_labels_by_label ON object_labels (label_key, label_value, type_hash, search_id);
