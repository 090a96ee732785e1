package io.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/results.md is shared by the sub-commands of bench/run.sh: each one replaces only its own block,
 * marked with HTML comments, and keeps the others' figures.
 */
final class Results {

    private static final String TITLE = "# Benchmark results\n\n";

    private Results() {
    }

    static void write(Path root, String block, String content) throws IOException {
        Path file = root.resolve("bench/results.md");
        String text = Files.exists(file) ? Files.readString(file) : TITLE;
        String start = "<!-- bench:" + block + " -->\n";
        String end = "<!-- /bench:" + block + " -->\n";
        String replacement = start + content.strip() + "\n" + end;
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + replacement + text.substring(to + end.length());
        } else {
            text = text.strip() + "\n\n" + replacement;
        }
        Files.writeString(file, text);
    }
}
