package io.chat.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered object against the published schemas, offline: validate-manifests.mjs checks values with the
 * validators of the npm packages kubernetes-models, @kubernetes-models/strimzi-kafka-operator and
 * @kubernetes-models/cloudnative-pg, and unknown fields by type-checking each object as a TypeScript literal.
 */
class SchemaValidationTest {

    @ParameterizedTest
    @MethodSource("io.chat.manifests.ManifestsTest#kustomizations")
    void everyObjectMatchesItsSchema(String kustomization) throws IOException {
        Path rendered = Files.createTempFile("rendered", ".yaml");
        try {
            Files.writeString(rendered, Rendered.of(kustomization).yaml());
            Command result = Command.run(List.of("node", "validate-manifests.mjs", rendered.toString()));
            assertEquals(0, result.exitCode(), kustomization + ":\n" + result.err() + result.out());
        } finally {
            Files.delete(rendered);
        }
    }
}
