-- AllKinds schema, version 10: relationships kept as one row per set an object states, instead of a
-- wide row per edge with two indexes of text. A Pod's first list wrote five or six rows of eleven text
-- columns and twice as many index entries of text; it now writes one row, whose two target keys (its
-- owner, its node) are indexed.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.

-- The relationships one object states from the journal entry that started them (from_seq, also the
-- key) to the one that ended them (to_seq; NULL while they hold). edges holds them one to a line:
-- relation|target group|target kind|target namespace|target name|target uid, each field with its
-- delimiters percent-encoded (model/StoredText). An object that states none has no set.
--
-- Dependents are found by target: the owners, nodes and volumes a set names (the relations whose
-- sources may be in any namespace; what names a ConfigMap, Secret, ServiceAccount, claim or Service
-- is read from the sets of its own namespace). Each such target is named by a 64-bit key: a hash of
-- its cluster and namespace (high half, so one namespace's targets lie together) and of its kind,
-- group, name and whether the edge is an owner reference (low half; store/EdgeTargetKey). The first
-- two are kept on the set (first_target, second_target; NULL when fewer), the others in
-- object_edge_targets. Readers compare the set's own text, so a key two targets share only costs a
-- row read.
CREATE TABLE object_edge_sets (
    from_seq       BIGINT          NOT NULL PRIMARY KEY,
    cluster        VARCHAR(253)    NOT NULL,
    api_group      VARCHAR(253)    NOT NULL,
    resource       VARCHAR(253)    NOT NULL,
    namespace      VARCHAR(253)    NOT NULL,
    name           VARCHAR(253)    NOT NULL,
    to_seq         BIGINT,
    first_target   BIGINT,
    second_target  BIGINT,
    edges          VARCHAR(100000) NOT NULL
);
-- An object's own sets (what it points at), the live one found by to_seq IS NULL.
CREATE INDEX object_edge_sets_by_source ON object_edge_sets (cluster, api_group, resource, namespace, name, to_seq);
-- Who points at an object (its dependents, the Pods of a node), by the set's first two targets.
CREATE INDEX object_edge_sets_by_first_target ON object_edge_sets (first_target);
CREATE INDEX object_edge_sets_by_second_target ON object_edge_sets (second_target);

-- The third and further targets of a set (an object with several owners).
CREATE TABLE object_edge_targets (
    target_key BIGINT NOT NULL,
    set_seq    BIGINT NOT NULL,
    PRIMARY KEY (target_key, set_seq)
);
