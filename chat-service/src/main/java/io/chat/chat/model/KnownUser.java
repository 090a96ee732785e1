package io.chat.chat.model;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A user as last announced on the user-events topic. */
@Entity
@Table(name = "known_users")
public class KnownUser extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, length = 32)
    public String username;

    @Column(name = "display_name", nullable = false, length = 64)
    public String displayName;

    /** Whether user-service announced this user and has not deleted them. */
    public static boolean exists(UUID id) {
        return count("id", id) > 0;
    }
}
