-- AllKinds schema, version 8: sinks, subscriptions that push matching journal entries to HTTP
-- endpoints as CloudEvents, at least once and in journal order.
-- Portable SQL: every statement here runs unchanged on H2 2.x and PostgreSQL 15.

-- One row per configured sink: every journal entry up to delivered_seq has been accepted by the
-- receiver (a 2xx), left out by the sink's filter, dead-lettered, or skipped by retention while the
-- sink lagged beyond its maximum lag. The replica delivering a sink (the holder of its 'sink'
-- lease) moves delivered_seq forward only from the value it read, so an advance never undoes a
-- replay request or a takeover. The counters survive restarts; last_error is the last refusal.
CREATE TABLE sink_cursors (
    name              VARCHAR(63)   NOT NULL PRIMARY KEY,
    delivered_seq     BIGINT        NOT NULL,
    replay_from       BIGINT,
    delivered         BIGINT        NOT NULL,
    retries           BIGINT        NOT NULL,
    dead_lettered     BIGINT        NOT NULL,
    skipped           BIGINT        NOT NULL,
    lagging           BOOLEAN       NOT NULL,
    last_error        VARCHAR(1000),
    last_error_at     TIMESTAMP WITH TIME ZONE,
    last_delivered_at TIMESTAMP WITH TIME ZONE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Events a receiver refused for good (a 4xx other than 408 and 429, as many times as the sink
-- allows): the event as sent (a structured-mode CloudEvent, UTF-8 JSON), so it can be replayed
-- after retention pruned its journal entry. replay_requested marks those the API asked to resend.
CREATE TABLE sink_dead_letters (
    sink              VARCHAR(63)   NOT NULL,
    seq               BIGINT        NOT NULL,
    cluster           VARCHAR(253)  NOT NULL,
    api_group         VARCHAR(253)  NOT NULL,
    kind              VARCHAR(253)  NOT NULL,
    namespace         VARCHAR(253)  NOT NULL,
    name              VARCHAR(253)  NOT NULL,
    event_type        VARCHAR(8)    NOT NULL,
    failed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts          INTEGER       NOT NULL,
    status            INTEGER       NOT NULL,
    error             VARCHAR(1000) NOT NULL,
    replay_requested  BOOLEAN       NOT NULL,
    event             BYTEA         NOT NULL,
    PRIMARY KEY (sink, seq)
);
