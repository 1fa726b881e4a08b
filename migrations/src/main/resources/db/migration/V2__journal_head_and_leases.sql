-- AllKinds schema, version 2: several replicas sharing one store (PostgreSQL).
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.

-- The journal's head: the next sequence number and the newest store time. Every writer locks this
-- one row (SELECT ... FOR UPDATE) for the length of its batch transaction, so journal rows commit
-- in sequence order: a reader that has seen seq n never later finds a new row below n, whichever
-- replica wrote it, and observed_at never decreases as seq grows across replicas.
CREATE TABLE journal_head (
    id                INTEGER       NOT NULL PRIMARY KEY,
    next_seq          BIGINT        NOT NULL,
    last_observed_at  TIMESTAMP WITH TIME ZONE
);
INSERT INTO journal_head (id, next_seq, last_observed_at)
    SELECT 1, COALESCE(MAX(seq), 0) + 1, MAX(observed_at) FROM journal;

-- Who owns what for how long: kind 'cluster' rows give each cluster to one replica; kind 'task'
-- rows elect the replica that runs fleet-wide chores (retention). A lease is taken or renewed
-- only by its owner or once it has expired; expiry is in the database's clock.
CREATE TABLE leases (
    kind              VARCHAR(16)   NOT NULL,
    name              VARCHAR(253)  NOT NULL,
    owner             VARCHAR(253)  NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    acquired_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (kind, name)
);

-- The replicas that are alive (heartbeat within one lease period), so each can take a fair share.
CREATE TABLE replicas (
    id                VARCHAR(253)  NOT NULL PRIMARY KEY,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
