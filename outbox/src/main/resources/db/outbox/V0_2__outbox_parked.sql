-- Events Kafka refused for good (a record too large, an invalid topic) or that kept failing while other
-- events went through: moved here by the relay so the rows after them flow. An operator inspects them and
-- moves them back into outbox_event once the cause is fixed (docs/events.md).
ALTER TABLE outbox_event ADD COLUMN attempts INT NOT NULL DEFAULT 0;

-- The columns of outbox_event (without their defaults: a parked row keeps its values), and why.
CREATE TABLE outbox_parked (
    LIKE outbox_event,
    error     TEXT        NOT NULL,
    parked_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (id)
);
