-- AllKinds schema, version 9: what explains a change. Each journal entry keeps the paths it changed
-- and who made it, worked out when it is written; every object keeps the digest that lets the next
-- change be compared with it without reading its body; and the relationships between objects are
-- kept, with the journal positions between which each one held, so they can be asked as of a time.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.

-- The top JSON pointer paths a MODIFIED entry changed, bookkeeping left out (resourceVersion,
-- generation, managedFields), as ',/spec/replicas,/status,' (a leading and a trailing comma, so a
-- path is matched with LIKE '%,/spec,%'); '' when only bookkeeping changed; NULL when unknown
-- (additions, deletions, and the first change of an object stored before this version).
ALTER TABLE journal ADD COLUMN changed_paths VARCHAR(4000);
-- The field managers whose managedFields entry is new or newer at this version, as
-- ',manager|Operation|subresource,' (',' and '|' inside a name are percent-encoded); NULL when none.
ALTER TABLE journal ADD COLUMN actors VARCHAR(4000);
-- The tool the object's own annotations or labels name as having applied it: 'helm:<ns>/<release>',
-- 'argocd:<application>', 'flux:<ns>/<kustomization or helmrelease>'; NULL when none.
ALTER TABLE journal ADD COLUMN applied_by VARCHAR(600);
-- The seq of the object's entry before this one (0 when it has none; NULL for entries stored before
-- this version): the first change of an object in a window is an entry whose prev_seq lies before
-- the window, found on a range of the primary key without probing the per-object index.
ALTER TABLE journal ADD COLUMN prev_seq BIGINT;

-- What the writer compares the next version of an object with (see model/ObjectDigest): a hash per
-- top path, the field managers with their times, the hash of its relationships, the tool.
ALTER TABLE objects ADD COLUMN digest VARCHAR(100000);

-- One row per relationship an object states about another, from the journal entry that started it
-- (from_seq) to the one that ended it (to_seq; NULL while it holds). The source is named by its
-- resource, the target by its kind, as the object names it (owner references, node names, volumes).
CREATE TABLE object_edges (
    cluster           VARCHAR(253)  NOT NULL,
    api_group         VARCHAR(253)  NOT NULL,
    resource          VARCHAR(253)  NOT NULL,
    namespace         VARCHAR(253)  NOT NULL,
    name              VARCHAR(253)  NOT NULL,
    relation          VARCHAR(32)   NOT NULL,
    target_group      VARCHAR(253)  NOT NULL,
    target_kind       VARCHAR(253)  NOT NULL,
    target_namespace  VARCHAR(253)  NOT NULL,
    target_name       VARCHAR(253)  NOT NULL,
    target_uid        VARCHAR(64),
    from_seq          BIGINT        NOT NULL,
    to_seq            BIGINT
);
-- An object's own edges (what it points at), the live ones first found by to_seq IS NULL.
CREATE INDEX object_edges_by_source ON object_edges (cluster, api_group, resource, namespace, name, to_seq);
-- Who points at an object (its dependents: ReplicaSets of a Deployment, Pods of a node).
CREATE INDEX object_edges_by_target ON object_edges (cluster, target_kind, target_namespace, target_group, target_name);
