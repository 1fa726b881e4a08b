-- AllKinds schema, version 7: the label rows name their object by its search id (see version 5)
-- instead of its five key columns. An object's search id changes exactly when its labels do, and
-- its label rows are replaced exactly then, so the id names one label set; an entry of the table
-- and of its index is a number and two short strings instead of seven strings, which the writer
-- compares and H2 serializes a fraction as often. Every stored label is carried over.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE object_labels RENAME TO object_labels_v1;
DROP INDEX object_labels_by_label;
CREATE TABLE object_labels (
    search_id         BIGINT        NOT NULL,
    label_key         VARCHAR(317)  NOT NULL,
    label_value       VARCHAR(63)   NOT NULL
);
INSERT INTO object_labels (search_id, label_key, label_value)
    SELECT o.search_id, l.label_key, l.label_value
    FROM object_labels_v1 l JOIN objects o ON o.cluster = l.cluster AND o.api_group = l.api_group
        AND o.resource = l.resource AND o.namespace = l.namespace AND o.name = l.name;
DROP TABLE object_labels_v1;
-- Named, and added once the rows are in: PostgreSQL would name it object_labels_pkey, which the
-- old table's key still was while both tables existed.
ALTER TABLE object_labels ADD CONSTRAINT object_labels_pkey PRIMARY KEY (search_id, label_key);
-- Drives selector queries: a label's objects, joined to their rows by objects.search_id (whose
-- index is objects_by_search_id, db/vendor).
CREATE INDEX object_labels_by_label ON object_labels (label_key, label_value, search_id);
