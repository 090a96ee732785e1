package io.chat.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import io.chat.contracts.Topics;

/**
 * What a service module's code says about how it must be deployed, read from its sources: the
 * production view of application.properties, the {@code @ConfigMapping} interfaces (its own and those of
 * the io.chat libraries it depends on), the HTTP paths it serves, and its Dockerfiles.
 */
final class ServiceModule {

    private static final Pattern PROPERTY = Pattern.compile("^(?:%([\\w-]+)\\.)?([^=\\s]+)\\s*=\\s*(.*)$");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(:[^}]*)?}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z0-9_]+");
    private static final Pattern LIBRARY = Pattern.compile(
            "<dependency>\\s*<groupId>io\\.chat</groupId>\\s*<artifactId>([\\w-]+)</artifactId>\\s*</dependency>");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]*)\"\\)[^{]*?interface\\s+(\\w+)\\s*\\{");
    private static final Pattern NESTED = Pattern.compile("interface\\s+(\\w+)\\s*\\{");
    /** A member: its annotations (with a string literal or a constant as argument), type and name. */
    private static final Pattern METHOD = Pattern.compile("((?:@\\w+(?:\\((?:\"[^\"]*\"|[\\w.]+)\\))?\\s+)*)([\\w<>.]+)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]*)\"\\)");
    /** A literal default, or a constant of io.chat.contracts.Topics. */
    private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\((?:\"([^\"]*)\"|Topics\\.(\\w+))\\)");
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([\\w-]+)\\.(.+)");
    /** SmallRye's dead-letter topic of a channel whose failure-strategy is dead-letter-queue and that names none. */
    private static final String DEFAULT_DEAD_LETTER_TOPIC = "dead-letter-topic-";
    /** Comments, and string literals matched first so that a "https://..." default is kept whole. */
    private static final Pattern COMMENTS = Pattern.compile("(\"(?:\\\\.|[^\"\\\\\\n])*\")|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern CLASS_HEAD = Pattern.compile("^((?:@[^\\n]+\\n)+)public (?:final )?class ", Pattern.MULTILINE);
    private static final Pattern PRIVATE_ROLE = Pattern.compile("@RolesAllowed\\((?:\"admin\"|\"gateway\"|Roles\\.ADMIN|Roles\\.GATEWAY)\\)");
    private static final Pattern ROUTE_PREFIX = Pattern.compile("static final String PREFIX = \"(/[^\"]*)\"");
    private static final Pattern CLASS_PATH = Pattern.compile("@(?:jakarta\\.ws\\.rs\\.)?Path\\(\"([^\"]+)\"\\)|@WebSocket\\(path\\s*=\\s*\"([^\"]+)\"[,)]");
    private static final Pattern IMAGE = Pattern.compile("docker build -f src/main/docker/Dockerfile\\.\\w+ -t ([^:\\s]+):");
    private static final Pattern EXPOSE = Pattern.compile("^EXPOSE (\\d+)$", Pattern.MULTILINE);
    /** Every configuration name of a Kafka producer, consumer or admin client: what kafka.* may carry. */
    private static final Set<String> KAFKA_CLIENT_CONFIG = kafkaClientConfig();
    private static final Map<String, ServiceModule> MODULES = new ConcurrentHashMap<>();

    final String name;
    final Path directory;
    /** application.properties as the production profile sees it: key to value, %prod lines winning. */
    final Map<String, String> properties = new LinkedHashMap<>();
    /** Every @ConfigMapping property with its default (empty when it has none). */
    final Map<String, Optional<String>> mappedProperties = new LinkedHashMap<>();
    /** Environment variables named in ${...} of any profile. */
    private final Set<String> referencedVariables = new TreeSet<>();
    /** The keys of every profile. */
    private final Set<String> keys = new TreeSet<>();

    private ServiceModule(String name) {
        this.name = name;
        this.directory = Rendered.ROOT.resolve(name);
        readProperties();
        List<Path> sources = new ArrayList<>(List.of(directory.resolve("src/main/java")));
        libraries().forEach(library -> sources.add(Rendered.ROOT.resolve(library).resolve("src/main/java")));
        sources.forEach(source -> javaFiles(source).forEach(this::readMappings));
    }

    static ServiceModule of(String name) {
        return MODULES.computeIfAbsent(name, ServiceModule::new);
    }

    int httpPort() {
        return Integer.parseInt(properties.get("quarkus.http.port"));
    }

    /** The SmallRye Health root: /q/health unless the properties move it. */
    String healthRoot() {
        return "/" + properties.getOrDefault("quarkus.http.non-application-root-path", "q") + "/"
                + properties.getOrDefault("quarkus.smallrye-health.root-path", "health");
    }

    Duration shutdownTimeout() {
        return Optional.ofNullable(properties.get("quarkus.shutdown.timeout")).map(ServiceModule::duration).orElse(Duration.ZERO);
    }

    Duration shutdownDelay() {
        return Boolean.parseBoolean(properties.get("quarkus.shutdown.delay-enabled"))
                ? Optional.ofNullable(properties.get("quarkus.shutdown.delay")).map(ServiceModule::duration).orElse(Duration.ZERO)
                : Duration.ZERO;
    }

    boolean usesKafka() {
        return keys.contains("kafka.bootstrap.servers") || mappedProperties.containsKey("kafka.bootstrap.servers");
    }

    /** Whether the service reads this environment variable: as ${NAME}, as the env form of a property, or as a Kafka client setting. */
    boolean reads(String variable) {
        return referencedVariables.contains(variable)
                || Stream.concat(keys.stream(), mappedProperties.keySet().stream()).map(ServiceModule::envName).anyMatch(variable::equals)
                || usesKafka() && variable.startsWith("KAFKA_")
                        && KAFKA_CLIENT_CONFIG.contains(variable.substring("KAFKA_".length()).toLowerCase().replace('_', '.'));
    }

    /**
     * The variables a production start cannot do without: ${NAME} without default in the production view, and
     * the env form of every mapped property without default that the properties do not set.
     */
    Set<String> requiredVariables() {
        Set<String> required = new TreeSet<>();
        for (String value : properties.values()) {
            Matcher expression = EXPRESSION.matcher(value);
            while (expression.find()) {
                if (expression.group(2) == null && ENV_NAME.matcher(expression.group(1)).matches()) {
                    required.add(expression.group(1));
                }
            }
        }
        mappedProperties.forEach((property, fallback) -> {
            if (fallback.isEmpty() && !properties.containsKey(property) && !property.contains("*")) {
                required.add(envName(property));
            }
        });
        return required;
    }

    /** Topic names the configuration gives: *.topic and *.topics.* properties and mapping defaults, resolved. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>(consumedTopics());
        topics.addAll(producedTopics());
        Stream.concat(properties.keySet().stream(), mappedProperties.keySet().stream()).filter(ServiceModule::isTopic)
                .map(this::value).filter(Objects::nonNull).forEach(topics::add);
        return topics;
    }

    /** The topics of the incoming channels (a channel without topic reads the topic of its name). */
    Set<String> consumedTopics() {
        Set<String> topics = new TreeSet<>();
        channels("incoming").forEach(channel -> topics.add(channelTopic("incoming", channel)));
        return topics;
    }

    /**
     * The topics the service writes: its outgoing channels', the dead-letter topics of incoming channels, and,
     * when it has the transactional outbox, every other topic setting that no channel reads (the outbox
     * relay's producer sends what the service's publishers stored under that topic).
     */
    Set<String> producedTopics() {
        Set<String> topics = new TreeSet<>();
        channels("outgoing").forEach(channel -> topics.add(channelTopic("outgoing", channel)));
        channels("incoming").stream()
                .filter(channel -> "dead-letter-queue".equals(properties.get("mp.messaging.incoming." + channel + ".failure-strategy")))
                .forEach(channel -> topics.add(Optional.ofNullable(properties.get("mp.messaging.incoming." + channel + ".dead-letter-queue.topic"))
                        .map(this::resolve).orElse(DEFAULT_DEAD_LETTER_TOPIC + channel)));
        if (libraries().contains("outbox")) {
            Set<String> settings = new TreeSet<>();
            Stream.concat(properties.keySet().stream(), mappedProperties.keySet().stream())
                    .filter(key -> isTopic(key) && !CHANNEL.matcher(key).matches()).map(this::value).filter(Objects::nonNull)
                    .forEach(settings::add);
            settings.removeAll(consumedTopics());
            topics.addAll(settings);
        }
        return topics;
    }

    /** The consumer groups of the incoming channels (group.id, resolved), to their topic. */
    Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        channels("incoming").forEach(channel -> Optional.ofNullable(properties.get("mp.messaging.incoming." + channel + ".group.id"))
                .map(this::resolve).ifPresent(group -> groups.put(group, channelTopic("incoming", channel))));
        return groups;
    }

    /** Consumer groups shared by the replicas: those whose id holds no per-start expression such as ${quarkus.uuid}. */
    Map<String, String> sharedGroups() {
        Map<String, String> shared = new LinkedHashMap<>(groups());
        shared.keySet().removeIf(ServiceModule::perInstance);
        return shared;
    }

    /** Whether a resolved group id still holds an expression only known at run time (instance id, uuid). */
    static boolean perInstance(String group) {
        return group.contains("${");
    }

    /** A property's production value (or its mapping's default) with ${...} of known properties resolved. */
    String value(String key) {
        String raw = properties.containsKey(key) ? properties.get(key) : mappedProperties.getOrDefault(key, Optional.empty()).orElse(null);
        return raw == null ? null : resolve(raw);
    }

    private String resolve(String raw) {
        Matcher expression = EXPRESSION.matcher(raw);
        StringBuilder resolved = new StringBuilder();
        while (expression.find()) {
            String name = expression.group(1);
            boolean known = !ENV_NAME.matcher(name).matches() && (properties.containsKey(name)
                    || mappedProperties.getOrDefault(name, Optional.empty()).isPresent());
            expression.appendReplacement(resolved, Matcher.quoteReplacement(known ? value(name) : expression.group()));
        }
        return expression.appendTail(resolved).toString();
    }

    /** Every Reactive Messaging channel as its property prefix, e.g. mp.messaging.incoming.user-events. */
    Set<String> channelPrefixes() {
        Set<String> prefixes = new TreeSet<>();
        for (String direction : List.of("incoming", "outgoing")) {
            channels(direction).forEach(channel -> prefixes.add("mp.messaging." + direction + "." + channel));
        }
        return prefixes;
    }

    private Set<String> channels(String direction) {
        Set<String> channels = new TreeSet<>();
        properties.keySet().forEach(key -> {
            Matcher channel = CHANNEL.matcher(key);
            if (channel.matches() && channel.group(1).equals(direction)) {
                channels.add(channel.group(2));
            }
        });
        return channels;
    }

    private String channelTopic(String direction, String channel) {
        return Optional.ofNullable(properties.get("mp.messaging." + direction + "." + channel + ".topic")).map(this::resolve).orElse(channel);
    }

    /**
     * The paths the service serves, each with whether it is private (the admin role, or the gateway's service
     * credential on chat-service's /internal): JAX-RS resource classes, WebSocket endpoints, Vert.x routes of
     * classes that observe the Router under a {@code PREFIX} constant, and the static files of
     * META-INF/resources ({@code /} for index.html, {@code /<dir>} for each folder).
     */
    Map<String, Boolean> servedPaths() {
        Map<String, Boolean> paths = new LinkedHashMap<>();
        javaFiles(directory.resolve("src/main/java")).forEach(file -> {
            String source = read(file);
            Matcher head = CLASS_HEAD.matcher(source);
            if (head.find()) {
                Matcher path = CLASS_PATH.matcher(head.group(1));
                if (path.find()) {
                    paths.put(path.group(1) != null ? path.group(1) : path.group(2), PRIVATE_ROLE.matcher(head.group(1)).find());
                }
            }
            Matcher routes = ROUTE_PREFIX.matcher(source);
            if (source.contains("@Observes Router") && routes.find()) {
                paths.put(routes.group(1), false);
            }
        });
        Path web = directory.resolve("src/main/resources/META-INF/resources");
        if (Files.isDirectory(web)) {
            try (var entries = Files.list(web)) {
                entries.forEach(entry -> {
                    if (Files.isDirectory(entry)) {
                        paths.put("/" + entry.getFileName(), false);
                    } else if (entry.getFileName().toString().equals("index.html")) {
                        paths.put("/", false);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return paths;
    }

    /** The image name both Dockerfiles' build commands tag (their header comments), e.g. chat-platform/user-service. */
    Set<String> imageNames() {
        Set<String> names = new TreeSet<>();
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            Matcher image = IMAGE.matcher(read(directory.resolve("src/main/docker").resolve(dockerfile)));
            names.add(image.find() ? image.group(1) : dockerfile + " names no image");
        }
        return names;
    }

    Set<Integer> exposedPorts() {
        Set<Integer> ports = new TreeSet<>();
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            EXPOSE.matcher(read(directory.resolve("src/main/docker").resolve(dockerfile))).results()
                    .forEach(port -> ports.add(Integer.parseInt(port.group(1))));
        }
        return ports;
    }

    /** SmallRye Config's environment form of a property name: quarkus.http.port -> QUARKUS_HTTP_PORT. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static boolean isTopic(String key) {
        return key.endsWith(".topic") || key.contains(".topics.");
    }

    private void readProperties() {
        Map<String, String> production = new LinkedHashMap<>();
        for (String line : read(directory.resolve("src/main/resources/application.properties")).split("\n")) {
            Matcher property = PROPERTY.matcher(line.strip());
            if (line.isBlank() || line.startsWith("#") || !property.matches()) {
                continue;
            }
            String profile = property.group(1);
            keys.add(property.group(2));
            EXPRESSION.matcher(property.group(3)).results().map(m -> m.group(1))
                    .filter(reference -> ENV_NAME.matcher(reference).matches()).forEach(referencedVariables::add);
            if (profile == null) {
                properties.putIfAbsent(property.group(2), property.group(3));
            } else if (profile.equals("prod")) {
                production.put(property.group(2), property.group(3));
            }
        }
        properties.putAll(production);
    }

    private List<String> libraries() {
        return LIBRARY.matcher(read(directory.resolve("pom.xml"))).results().map(m -> m.group(1)).toList();
    }

    private void readMappings(Path file) {
        String source = COMMENTS.matcher(read(file)).replaceAll(m -> m.group(1) != null ? Matcher.quoteReplacement(m.group(1)) : "");
        Matcher mapping = MAPPING.matcher(source);
        while (mapping.find()) {
            readMembers(source, mapping.end(), mapping.group(1));
        }
    }

    /** The members of the interface whose body starts at {@code start}: nested interfaces recursively. */
    private void readMembers(String source, int start, String prefix) {
        String body = source.substring(start, closingBrace(source, start));
        Map<String, Integer> nested = new LinkedHashMap<>();
        StringBuilder own = new StringBuilder();
        int position = 0;
        Matcher inner = NESTED.matcher(body);
        while (inner.find(position)) {
            own.append(body, position, inner.start());
            int end = closingBrace(body, inner.end());
            nested.put(inner.group(1), inner.end());
            position = end + 1;
        }
        own.append(body.substring(position));
        Matcher method = METHOD.matcher(own);
        while (method.find()) {
            Matcher withName = WITH_NAME.matcher(method.group(1));
            String member = withName.find() ? withName.group(1) : kebab(method.group(3));
            String property = prefix.isEmpty() ? member : prefix + "." + member;
            String type = method.group(2).replaceAll("^Optional<(.*)>$", "$1");
            if (nested.containsKey(type)) {
                readMembers(body, nested.get(type), property);
            } else {
                Matcher fallback = WITH_DEFAULT.matcher(method.group(1));
                mappedProperties.put(property, fallback.find() ? Optional.of(fallback.group(1) != null ? fallback.group(1) : contractTopic(fallback.group(2)))
                        : method.group(2).startsWith("Optional<") ? Optional.of("") : Optional.empty());
            }
        }
    }

    private static int closingBrace(String text, int start) {
        int depth = 1;
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("Unbalanced braces");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Duration duration(String value) {
        Matcher simple = Pattern.compile("(\\d+)(ms|s|m)").matcher(value);
        if (!simple.matches()) {
            return Duration.parse(value);
        }
        long amount = Long.parseLong(simple.group(1));
        return switch (simple.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    private static String contractTopic(String constant) {
        try {
            return (String) Topics.class.getField(constant).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("No topic Topics." + constant, e);
        }
    }

    private static Set<String> kafkaClientConfig() {
        Set<String> names = new TreeSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
