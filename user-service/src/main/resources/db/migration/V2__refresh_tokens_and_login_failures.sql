-- Refresh tokens are opaque; only their SHA-256 is stored. A family is one login: every refresh rotates
-- the token within it, and presenting a rotated one again revokes the whole family.
CREATE TABLE refresh_tokens (
    id         UUID        PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  UUID        NOT NULL,
    token_hash CHAR(64)    NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    revoked    BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);

-- Failed sign-ins per username (also for usernames that do not exist, so both look the same), in a
-- window that starts with its first failure. Shared by all replicas.
CREATE TABLE login_failures (
    username     VARCHAR(32) PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    failures     INT         NOT NULL
);
CREATE INDEX login_failures_by_window ON login_failures (window_start);
