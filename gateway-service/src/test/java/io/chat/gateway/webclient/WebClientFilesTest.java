package io.chat.gateway.webclient;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The web client the gateway serves at {@code /} is whole and self-contained: every file the page and its
 * modules refer to is served with the right type, and none comes from another origin (no CDN).
 */
@QuarkusTest
class WebClientFilesTest {

    /** src/href attributes of the page, and the static imports of its ES modules. */
    private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");
    private static final Pattern MODULE_IMPORT = Pattern.compile("^import [^;]*? from '([^']+)';", Pattern.MULTILINE);

    @Test
    void everyFileThePageAndItsModulesReferToIsServed() {
        String page = given().when().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        Set<String> seen = new LinkedHashSet<>();
        Deque<URI> pending = new ArrayDeque<>();
        Matcher reference = PAGE_REFERENCE.matcher(page);
        while (reference.find()) {
            pending.add(URI.create("/").resolve(reference.group(1)));
        }
        while (!pending.isEmpty()) {
            URI file = pending.poll();
            assertFalse(file.isAbsolute(), file + " is loaded from another origin");
            if (!seen.add(file.getPath())) {
                continue;
            }
            String type = file.getPath().endsWith(".js") ? "javascript" : file.getPath().endsWith(".css") ? "text/css" : "image/svg";
            String body = given().when().get(file.getPath()).then().statusCode(200).contentType(containsString(type))
                    .extract().asString();
            Matcher imported = MODULE_IMPORT.matcher(body);
            while (imported.find()) {
                pending.add(file.resolve(imported.group(1)));
            }
        }
        assertTrue(seen.contains("/assets/js/views/room.js"), "the modules were followed: " + seen);
    }
}
