package io.chat.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.user.service.UserService;
import io.quarkus.test.junit.QuarkusTest;

/** What the start-up does with the admin configuration (AdminAccount calls these), seen in issued tokens. */
@QuarkusTest
class AdminAccountTest {

    /** The %test profile's CHAT_ADMIN_USERNAME / CHAT_ADMIN_PASSWORD. */
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-test-password";

    @Inject
    UserService users;

    @Test
    void anAdminThatConfigurationNoLongerNamesIsDemoted() throws Exception {
        String formerAdmin = TestUsers.uniqueName();
        users.ensureAdmin(formerAdmin, "former-admin-password");
        assertTrue(groups(TestUsers.token(formerAdmin, "former-admin-password")).contains("admin"));

        // the next start configures the usual admin again
        users.ensureAdmin(ADMIN, ADMIN_PASSWORD);

        assertFalse(groups(TestUsers.token(formerAdmin, "former-admin-password")).contains("admin"));
        assertTrue(groups(TestUsers.token(ADMIN, ADMIN_PASSWORD)).contains("admin"));
    }

    private static List<?> groups(String token) throws Exception {
        return new ObjectMapper().convertValue(
                new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("groups"), List.class);
    }
}
