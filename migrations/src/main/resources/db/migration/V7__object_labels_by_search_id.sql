-- AllKinds schema, version 7: the label rows name their object by its search id (see version 5)
-- and its type by a 32-bit hash of cluster, group and resource, instead of by the object's five
-- key columns. An object's search id changes exactly when its labels do, and its label rows are
-- replaced exactly then, so the id names one label set; an entry of the table and of its index is
-- two numbers and two short strings instead of seven strings, which the writer compares and H2
-- serializes a fraction as often. The type hash keeps a selector within a cluster and kind one
-- range of the label index. Every stored label is carried over: the Java migration 7.1
-- (store/CopyLabelsBySearchId) copies them, as only Java computes the hash; 7.2 drops the old rows.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.
ALTER TABLE object_labels RENAME TO object_labels_v1;
DROP INDEX object_labels_by_label;
CREATE TABLE object_labels (
    search_id         BIGINT        NOT NULL,
    type_hash         INTEGER       NOT NULL,
    label_key         VARCHAR(317)  NOT NULL,
    label_value       VARCHAR(63)   NOT NULL
);
