package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The README's layout table names exactly the build's modules (plus folders that are no module), all of which exist. */
class ReadmeLayoutTest {

    private static final Path ROOT = Path.of(System.getProperty("chat.root", "..")).toAbsolutePath().normalize();
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    /** Rows of the table that are folders, not Maven modules. */
    private static final Set<String> FOLDERS = Set.of("deploy/k8s", "docs");

    @Test
    void theLayoutTableMatchesTheTree() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String table = readme.substring(readme.indexOf("## Layout"), readme.indexOf("## Tests"));
        Set<String> rows = new TreeSet<>();
        for (String line : table.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                rows.add(row.group(1));
            }
        }
        Set<String> modules = new TreeSet<>();
        Matcher module = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (module.find()) {
            modules.add(module.group(1));
        }
        for (String row : rows) {
            assertTrue(Files.isDirectory(ROOT.resolve(row)), row + " is in the README but not in the tree");
        }
        Set<String> expected = new TreeSet<>(modules);
        expected.addAll(FOLDERS);
        assertEquals(expected, rows, "README layout rows vs the build's modules");
    }
}
