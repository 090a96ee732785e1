-- Users user-service deleted, written by the replica that consumed user.deleted in the transaction that
-- removes their memberships, and read by every replica to refuse their still-valid tokens. Kept for the
-- longest token lifetime (chat.directory.deleted-retention), then pruned.
CREATE TABLE deleted_users (
    id         UUID PRIMARY KEY,
    deleted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX deleted_users_by_time ON deleted_users (deleted_at);
