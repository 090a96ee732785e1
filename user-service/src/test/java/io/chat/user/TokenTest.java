package io.chat.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** The claims other services rely on: sub = user id, upn = username, groups, RS256, issuer, lifetime. */
@QuarkusTest
class TokenTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void userTokenCarriesIdUsernameAndUserGroup() throws Exception {
        TestUsers.Registered user = TestUsers.register();
        JsonNode header = part(user.token(), 0);
        JsonNode claims = part(user.token(), 1);
        assertEquals("RS256", header.get("alg").asText());
        assertEquals(user.id(), claims.get("sub").asText());
        assertEquals(user.username(), claims.get("upn").asText());
        assertEquals(List.of("user"), mapper.convertValue(claims.get("groups"), List.class));
        assertEquals("https://chat.local/user-service", claims.get("iss").asText());
        assertEquals(3600, claims.get("exp").asLong() - claims.get("iat").asLong());
    }

    @Test
    void configuredAdminGetsTheAdminGroup() throws Exception {
        // %test profile configures admin / admin-test-password, as CHAT_ADMIN_PASSWORD would.
        JsonNode claims = part(TestUsers.token("admin", "admin-test-password"), 1);
        List<?> groups = mapper.convertValue(claims.get("groups"), List.class);
        assertTrue(groups.contains("admin") && groups.contains("user"), groups.toString());
    }

    private JsonNode part(String jwt, int index) throws Exception {
        return mapper.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }
}
