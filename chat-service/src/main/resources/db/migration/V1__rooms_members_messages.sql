CREATE TABLE rooms (
    id         UUID PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    topic      VARCHAR(500),
    visibility VARCHAR(10)  NOT NULL CHECK (visibility IN ('public', 'private')),
    owner_id   UUID         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    -- Per-room message sequence: incremented under the room's row lock in the posting transaction.
    last_seq   BIGINT       NOT NULL DEFAULT 0,
    -- The two user ids of a direct-message room, ordered; unique so there is one room per pair.
    dm_key     VARCHAR(73) UNIQUE
);

CREATE TABLE members (
    room_id       UUID        NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id       UUID        NOT NULL,
    role          VARCHAR(10) NOT NULL CHECK (role IN ('owner', 'member')),
    joined_at     TIMESTAMPTZ NOT NULL,
    last_read_seq BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE messages (
    id            UUID PRIMARY KEY,
    room_id       UUID          NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    seq           BIGINT        NOT NULL,
    sender_id     UUID          NOT NULL,
    text          VARCHAR(4000),
    client_msg_id VARCHAR(128),
    created_at    TIMESTAMPTZ   NOT NULL,
    edited_at     TIMESTAMPTZ,
    deleted       BOOLEAN       NOT NULL DEFAULT FALSE,
    UNIQUE (room_id, seq),
    UNIQUE (room_id, sender_id, client_msg_id)
);

-- Users as user-service announced them (user-events topic): display names without a call per request.
CREATE TABLE known_users (
    id           UUID PRIMARY KEY,
    username     VARCHAR(32) NOT NULL,
    display_name VARCHAR(64) NOT NULL
);
