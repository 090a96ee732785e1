-- Events Kafka refused for good (a record too large, an invalid topic) or that kept failing while other
-- events went through: moved here by the relay so the rows after them flow. An operator inspects them and
-- moves them back into outbox_event once the cause is fixed (docs/events.md).
ALTER TABLE outbox_event ADD COLUMN attempts INT NOT NULL DEFAULT 0;

CREATE TABLE outbox_parked (
    id         BIGINT PRIMARY KEY,
    event_id   UUID         NOT NULL,
    topic      VARCHAR(200) NOT NULL,
    event_key  VARCHAR(200) NOT NULL,
    payload    TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    attempts   INT          NOT NULL,
    error      TEXT         NOT NULL,
    parked_at  TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
