package io.chat.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * One kustomization of deploy/k8s rendered by kubectl and bound, object by object, to a typed model that
 * rejects unknown fields: fabric8's Kubernetes model, Strimzi's {@code io.strimzi:api}. CloudNativePG has no
 * Java model; its objects stay JSON trees here and are checked by the npm schema step (validate-manifests.mjs).
 */
record Rendered(String name, String yaml, List<JsonNode> documents, List<HasMetadata> objects) {

    static final Path ROOT = Path.of(System.getProperty("chat.root", "../..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    /** The application overlays, and the infrastructure each one runs against. */
    static final Map<String, String> OVERLAYS = Map.of("overlays/dev", "infrastructure/dev", "overlays/prod",
            "infrastructure/prod", "overlays/native", "infrastructure/prod");
    static final List<String> INFRASTRUCTURES = List.of("infrastructure/dev", "infrastructure/prod");
    private static final List<String> UNTYPED = List.of("postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/Database");

    /**
     * fabric8 and Strimzi models keep unknown fields in an additionalProperties map through
     * {@code @JsonAnySetter}, so FAIL_ON_UNKNOWN_PROPERTIES alone never fires: hiding the any-setter makes
     * every unknown field an error with its path. No scalar coercion either ({@code replicas: "3"} fails).
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return null;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final YAMLMapper YAML = new YAMLMapper();
    /** "apiVersion/kind" to its model: the core kinds from fabric8's service registry, Strimzi's by hand. */
    private static final Map<String, Class<? extends HasMetadata>> MODELS = models();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    /** The kustomization at deploy/k8s/{@code directory}; fails listing every object that does not bind. */
    static Rendered of(String directory) {
        return CACHE.computeIfAbsent(directory, Rendered::render);
    }

    private static Rendered render(String directory) {
        String yaml = Kubectl.kustomize(K8S.resolve(directory));
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            values.forEachRemaining(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode document : documents) {
            String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            if (UNTYPED.contains(type)) {
                continue;
            }
            Class<? extends HasMetadata> model = MODELS.get(type);
            if (model == null) {
                problems.add(id(document) + ": no typed model for " + type);
                continue;
            }
            try {
                objects.add(STRICT.treeToValue(document, model));
            } catch (JsonProcessingException e) {
                problems.add(id(document) + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + " at " + path(e));
            } catch (IllegalArgumentException e) { // thrown by some model setters
                problems.add(id(document) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(directory + " does not bind to the typed models:\n  " + String.join("\n  ", problems));
        }
        return new Rendered(directory, yaml, documents, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(this.name + " has no " + type.getSimpleName() + " " + name));
    }

    /** The objects of a kind without a Java model (CloudNativePG), as JSON trees. */
    List<JsonNode> untyped(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    private static Map<String, Class<? extends HasMetadata>> models() {
        Map<String, Class<? extends HasMetadata>> models = new HashMap<>();
        ServiceLoader.load(KubernetesResource.class).stream().map(ServiceLoader.Provider::type)
                .filter(HasMetadata.class::isAssignableFrom)
                .map(type -> type.asSubclass(HasMetadata.class))
                .forEach(type -> models.putIfAbsent(HasMetadata.getApiVersion(type) + "/" + HasMetadata.getKind(type), type));
        for (Class<? extends HasMetadata> type : List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class, KafkaUser.class)) {
            models.put("kafka.strimzi.io/v1/" + type.getSimpleName(), type);
        }
        return models;
    }

    private static String id(JsonNode document) {
        JsonNode metadata = document.path("metadata");
        return document.path("kind").asText() + " " + metadata.path("namespace").asText("-") + "/" + metadata.path("name").asText("?");
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "?";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            path.append(reference.getFieldName() != null ? "." + reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.isEmpty() ? "<root>" : path.substring(1);
    }
}
