-- Transactional outbox (io.chat.common.outbox): written in the same transaction as the change,
-- relayed to Kafka after the commit. Versioned below every service's own migrations.
CREATE TABLE outbox_event (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID         NOT NULL,
    topic      VARCHAR(200) NOT NULL,
    event_key  VARCHAR(200) NOT NULL,
    payload    TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
