package io.chat.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A benchmark's command line (bench/run.sh): the project root, then options {@code --name=value};
 * {@code --chat-env=NAME=VALUE} may be given several times (variables added to chat-service's environment).
 */
final class BenchOptions {

    private static final String CHAT_ENV = "chat-env";

    final Path root;
    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, String> chatEnv = new TreeMap<>();

    private BenchOptions(Path root) {
        this.root = root;
    }

    static BenchOptions parse(String[] args) {
        BenchOptions options = new BenchOptions(Path.of(args[0]).toAbsolutePath());
        for (int i = 1; i < args.length; i++) {
            String[] option = args[i].replaceFirst("^--", "").split("=", 2);
            if (option.length != 2) {
                throw new IllegalArgumentException("Options are --name=value, not " + args[i]);
            }
            if (option[0].equals(CHAT_ENV)) {
                String[] variable = option[1].split("=", 2);
                if (variable.length != 2) {
                    throw new IllegalArgumentException("--chat-env takes NAME=VALUE, not " + option[1]);
                }
                options.chatEnv.put(variable[0], variable[1]);
            } else {
                options.values.put(option[0], option[1]);
            }
        }
        return options;
    }

    int integer(String name, int defaultValue) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }

    boolean flag(String name, boolean defaultValue) {
        return Boolean.parseBoolean(values.getOrDefault(name, Boolean.toString(defaultValue)));
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    Map<String, String> chatEnv() {
        return chatEnv;
    }

    /** The options given, for the results' header. */
    @Override
    public String toString() {
        return values.toString();
    }
}
