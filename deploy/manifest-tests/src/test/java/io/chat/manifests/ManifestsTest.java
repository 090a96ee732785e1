package io.chat.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.chat.contracts.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;

/** Every overlay of deploy/k8s, rendered and bound strictly, against the code of the services it runs. */
class ManifestsTest {

    /** Where the ingress controller and Prometheus run (README.md, base/network-policies.yaml). */
    private static final String INGRESS_NAMESPACE = "ingress-nginx";
    private static final String MONITORING_NAMESPACE = "monitoring";
    private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";
    /** Seconds of the grace period left after preStop and the application's own shutdown. */
    private static final long SHUTDOWN_MARGIN = 5;
    /** Connections kept free beyond superuser_reserved_connections: the operator's instance manager, monitoring, a psql. */
    private static final int CONNECTION_HEADROOM = 10;
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(\\w+)");
    private static final Pattern SERVICE_URL = Pattern.compile("https?://([a-z0-9-]+):(\\d+)");
    private static final Pattern CLUSTER_HOST = Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc(?:\\.cluster\\.local)?");
    /** host:port of a Service in another namespace, also inside a JDBC URL. */
    private static final Pattern EXTERNAL = Pattern.compile("(?:jdbc:postgresql://)?" + CLUSTER_HOST.pattern() + ":(\\d+)");
    private static final Pattern RELEASE_TAG = Pattern.compile(":(\\d+\\.\\d+\\.\\d+)(-native)?$");
    private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
    private static final Pattern SECRET_COMMAND = Pattern.compile("kubectl -n chat create secret generic ([\\w-]+)");
    private static final Pattern SECRET_KEY = Pattern.compile("--from-(?:literal|file)=([\\w.-]+)=");
    /** A constant of io.chat.contracts.Topics with its Javadoc. */
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("/\\*\\*((?:[^*]|\\*(?!/))*)\\*/\\s*public static final String \\w+ = \"([^\"]+)\";");
    /** What the Strimzi User Operator writes into a SCRAM-SHA-512 KafkaUser's Secret. */
    private static final Set<String> KAFKA_USER_KEYS = Set.of("password", "sasl.jaas.config");

    static Stream<String> overlays() {
        return Rendered.OVERLAYS.keySet().stream().sorted();
    }

    static Stream<String> kustomizations() {
        return Stream.concat(overlays(), Rendered.INFRASTRUCTURES.stream());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyObjectBindsToATypedModel(String kustomization) {
        Rendered rendered = Rendered.of(kustomization);
        long untyped = rendered.documents().stream().filter(d -> d.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")).count();
        assertEquals(rendered.documents().size(), rendered.objects().size() + untyped, kustomization);
        assertTrue(!rendered.objects().isEmpty(), kustomization + " renders nothing");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void portsAndProbesAreTheServicesOwn(String overlay) {
        checkEveryDeployment(overlay, (workloads, deployment, module, problems) -> {
            String name = module.name;
            int port = module.httpPort();
            Container container = Workloads.container(deployment);
            expect(problems, name + " container ports", List.of(port),
                    container.getPorts().stream().map(p -> p.getContainerPort()).toList());
            expect(problems, name + " Dockerfile EXPOSE", Set.of(port), module.exposedPorts());
            String health = module.healthRoot();
            Map<String, Probe> probes = Map.of("/started", container.getStartupProbe(), "/live", container.getLivenessProbe(),
                    "/ready", container.getReadinessProbe());
            probes.forEach((check, probe) -> {
                expect(problems, name + " probe path", health + check, probe.getHttpGet().getPath());
                expect(problems, name + " probe port of " + check, port, Workloads.containerPort(deployment, probe.getHttpGet().getPort()));
        });
        Map<String, String> scrape = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        expect(problems, name + " prometheus.io/port", String.valueOf(port), scrape.get("prometheus.io/port"));
        expect(problems, name + " prometheus.io/path", "/" + module.properties.getOrDefault(
                "quarkus.http.non-application-root-path", "q") + "/metrics", scrape.get("prometheus.io/path"));
        List<Service> services = workloads.services(deployment);
        expect(problems, name + " Services", 1, services.size());
        for (Service service : services) {
            for (ServicePort servicePort : service.getSpec().getPorts()) {
                expect(problems, "Service " + service.getMetadata().getName() + " targetPort", port,
                        Workloads.containerPort(deployment, servicePort.getTargetPort()));
            }
        }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableIsOneItsServiceReads(String overlay) {
        checkEveryDeployment(overlay, (workloads, deployment, module, problems) -> {
            for (String variable : workloads.environment(deployment).keySet()) {
                if (!module.reads(variable)) {
                    problems.add(module.name + " reads no property from " + variable);
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableTheProductionProfileRequiresIsSet(String overlay) {
        checkEveryDeployment(overlay, (workloads, deployment, module, problems) -> {
            Set<String> missing = new TreeSet<>(module.requiredVariables());
            missing.removeAll(workloads.environment(deployment).keySet());
            if (!missing.isEmpty()) {
                problems.add(module.name + " would not start without " + missing);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configMapKeysExistAndSecretsAreDocumentedOrMadeByAnOperator(String overlay) throws IOException {
        Rendered rendered = Rendered.of(overlay);
        Map<String, Set<String>> secrets = documentedSecrets();
        rendered.all(KafkaUser.class).forEach(user -> secrets.put(user.getMetadata().getName(), KAFKA_USER_KEYS));
        Map<String, Set<String>> unusedKeys = new HashMap<>();
        rendered.all(ConfigMap.class).forEach(c -> unusedKeys.put(c.getMetadata().getName(), new TreeSet<>(c.getData().keySet())));
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : rendered.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            for (EnvVar variable : Workloads.container(deployment).getEnv()) {
                var from = variable.getValueFrom();
                if (from != null && from.getConfigMapKeyRef() != null) {
                    var key = from.getConfigMapKeyRef();
                    Set<String> keys = unusedKeys.get(key.getName());
                    boolean exists = rendered.all(ConfigMap.class).stream().anyMatch(c -> c.getMetadata().getName().equals(key.getName())
                            && c.getData().containsKey(key.getKey()));
                    if (!exists) {
                        problems.add(name + ": " + variable.getName() + " from missing ConfigMap key " + key.getName() + "/" + key.getKey());
                    } else {
                        keys.remove(key.getKey());
                    }
                }
                if (from != null && from.getSecretKeyRef() != null) {
                    var key = from.getSecretKeyRef();
                    if (!secrets.getOrDefault(key.getName(), Set.of()).contains(key.getKey())) {
                        problems.add(name + ": " + variable.getName() + " from Secret " + key.getName() + "/" + key.getKey()
                                + " that neither README.md creates nor an operator makes");
                    }
                }
            }
            for (Volume volume : deployment.getSpec().getTemplate().getSpec().getVolumes()) {
                if (volume.getSecret() != null) {
                    for (var item : volume.getSecret().getItems()) {
                        if (!secrets.getOrDefault(volume.getSecret().getSecretName(), Set.of()).contains(item.getKey())) {
                            problems.add(name + ": volume " + volume.getName() + " from undocumented Secret key "
                                    + volume.getSecret().getSecretName() + "/" + item.getKey());
                        }
                    }
                }
            }
        }
        unusedKeys.forEach((configMap, keys) -> keys.forEach(key -> problems.add("ConfigMap " + configMap + " key " + key + " is used by no Deployment")));
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void topicsAreTheContractsWithPartitionsForEveryConsumer(String overlay) throws IllegalAccessException, IOException {
        Rendered rendered = Rendered.of(overlay);
        Workloads workloads = new Workloads(rendered);
        Rendered infrastructure = Rendered.of(Rendered.OVERLAYS.get(overlay));
        Set<String> contract = contractTopics();
        Map<String, KafkaTopic> topics = new HashMap<>();
        rendered.all(KafkaTopic.class).forEach(t -> topics.put(t.getMetadata().getName(), t));
        assertEquals(contract, topics.keySet(), "KafkaTopics vs io.chat.contracts.Topics");
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : workloads.deployments()) {
            ServiceModule module = Workloads.module(deployment);
            for (String topic : module.topics()) {
                if (!contract.contains(topic)) {
                    problems.add(module.name + " is configured with topic " + topic + ", which is not in Topics");
                }
            }
            module.sharedGroups().forEach((group, topic) -> {
                int partitions = topics.get(topic).getSpec().getPartitions();
                if (workloads.maxReplicas(deployment) > partitions) {
                    problems.add(module.name + " scales past the " + partitions + " partitions its group " + group + " shares on " + topic);
                }
            });
        }
        Kafka kafka = infrastructure.all(Kafka.class).get(0);
        int brokers = infrastructure.all(KafkaNodePool.class).stream()
                .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER)).mapToInt(p -> p.getSpec().getReplicas()).sum();
        Set<String> compacted = compactedTopics();
        for (KafkaTopic topic : topics.values()) {
            String name = topic.getMetadata().getName();
            // Topics documents a topic read from the start to rebuild state (latest event per key) as compacted.
            expect(problems, name + " cleanup.policy", compacted.contains(name) ? "compact" : "delete",
                    String.valueOf(topic.getSpec().getConfig().getOrDefault("cleanup.policy", "delete")));
            expect(problems, name + " strimzi.io/cluster", kafka.getMetadata().getName(), topic.getMetadata().getLabels().get("strimzi.io/cluster"));
            int replicas = topic.getSpec().getReplicas();
            int inSync = Integer.parseInt(String.valueOf(topic.getSpec().getConfig().get("min.insync.replicas")));
            if (replicas > brokers) {
                problems.add(name + ": " + replicas + " replicas on " + brokers + " brokers");
            }
            // The outbox relays produce with acks=all: with replicas, one broker may be down and writes go on.
            if (replicas > 1 && (inSync < 2 || inSync >= replicas)) {
                problems.add(name + ": min.insync.replicas " + inSync + " with " + replicas + " replicas");
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theIngressRoutesPublicPathsOnlyToServicesThatServeThem(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Workloads workloads = new Workloads(rendered);
        List<String> problems = new ArrayList<>();
        Map<String, List<HTTPIngressPath>> routed = new HashMap<>();
        for (Ingress ingress : rendered.all(Ingress.class)) {
            ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                var backend = path.getBackend().getService();
                Optional<Service> service = rendered.all(Service.class).stream()
                        .filter(s -> s.getMetadata().getName().equals(backend.getName())).findFirst();
                if (service.isEmpty() || service.get().getSpec().getPorts().stream().noneMatch(p -> backend.getPort().getName() != null
                        ? backend.getPort().getName().equals(p.getName()) : backend.getPort().getNumber().equals(p.getPort()))) {
                    problems.add("Ingress " + path.getPath() + " -> missing Service port " + backend.getName() + ":" + backend.getPort());
                    return;
                }
                routed.computeIfAbsent(workloads.backing(service.get()).getMetadata().getName(), k -> new ArrayList<>()).add(path);
            }));
        }
        for (Deployment deployment : workloads.deployments()) {
            ServiceModule module = Workloads.module(deployment);
            List<HTTPIngressPath> paths = routed.getOrDefault(module.name, List.of());
            Map<String, Boolean> served = module.servedPaths();
            for (HTTPIngressPath path : paths) {
                if (served.keySet().stream().noneMatch(s -> reaches(path, s))) {
                    problems.add("Ingress " + path.getPath() + " -> " + module.name + ", which serves nothing there");
                }
            }
            served.forEach((path, admin) -> {
                boolean exposed = paths.stream().anyMatch(p -> reaches(p, path));
                if (admin && exposed) {
                    problems.add("Ingress exposes the private (admin or internal) API " + path + " of " + module.name);
                } else if (!admin && !exposed) {
                    problems.add(module.name + " serves " + path + " but the Ingress does not route it");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesAreTheBuildsAtImmutableTags(String overlay) {
        String release = System.getProperty("chat.version", "").replace("-SNAPSHOT", "");
        checkEveryDeployment(overlay, (workloads, deployment, module, problems) -> {
            Container container = Workloads.container(deployment);
            String image = container.getImage();
            Set<String> names = module.imageNames();
            expect(problems, module.name + " image names in its Dockerfiles", 1, names.size());
            String repository = image.replaceAll("(@sha256:.*|:[^:/]+)$", "");
            if (!(repository.equals(names.iterator().next()) || repository.endsWith("/" + names.iterator().next()))) {
                problems.add(module.name + " runs " + image + ", not the image its Dockerfiles build (" + names + ")");
            }
            Matcher tag = RELEASE_TAG.matcher(image);
            if (!DIGEST.matcher(image).find() && !(tag.find() && tag.group(1).equals(release))) {
                problems.add(module.name + " image " + image + " is neither a digest nor the release " + release);
            }
            if (overlay.endsWith("native") != image.endsWith("-native")) {
                problems.add(module.name + " image " + image + " in " + overlay);
            }
            expect(problems, module.name + " imagePullPolicy", "IfNotPresent", container.getImagePullPolicy());
        });
    }

    @Test
    void theNativeOverlayGivesLessMemoryThanTheJvmOne() {
        for (Deployment jvm : Rendered.of("overlays/prod").all(Deployment.class)) {
            Deployment nativeImage = Rendered.of("overlays/native").named(Deployment.class, jvm.getMetadata().getName());
            BigDecimal jvmLimit = memoryLimit(jvm);
            BigDecimal nativeLimit = memoryLimit(nativeImage);
            assertTrue(nativeLimit.compareTo(jvmLimit) < 0, jvm.getMetadata().getName() + ": native " + nativeLimit + " vs JVM " + jvmLimit);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void shutdownFitsTheGracePeriod(String overlay) {
        checkEveryDeployment(overlay, (workloads, deployment, module, problems) -> {
            long preStop = Workloads.container(deployment).getLifecycle().getPreStop().getSleep().getSeconds();
            long needed = preStop + module.shutdownTimeout().toSeconds() + module.shutdownDelay().toSeconds() + SHUTDOWN_MARGIN;
            long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            if (grace < needed) {
                problems.add(module.name + ": terminationGracePeriodSeconds " + grace + " < preStop " + preStop + " s + shutdown timeout "
                        + module.shutdownTimeout() + " + delay " + module.shutdownDelay() + " + " + SHUTDOWN_MARGIN + " s");
            }
            // A REST service without quarkus.shutdown.timeout cuts the requests in flight at SIGTERM.
            if (workloads.environment(deployment).containsKey("QUARKUS_DATASOURCE_JDBC_URL") && module.shutdownTimeout().isZero()) {
                problems.add(module.name + " sets no quarkus.shutdown.timeout: requests in flight are cut at SIGTERM");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void databaseConnectionsFitMaxConnectionsDuringARollout(String overlay) {
        Workloads workloads = new Workloads(Rendered.of(overlay));
        Rendered infrastructure = Rendered.of(Rendered.OVERLAYS.get(overlay));
        List<String> problems = new ArrayList<>();
        Map<String, Integer> connections = new HashMap<>();
        for (Deployment deployment : workloads.deployments()) {
            if (!workloads.environment(deployment).containsKey("QUARKUS_DATASOURCE_JDBC_URL")) {
                continue;
            }
            ServiceModule module = Workloads.module(deployment);
            Matcher url = JDBC_URL.matcher(workloads.value(deployment, "QUARKUS_DATASOURCE_JDBC_URL"));
            Matcher host = url.matches() ? CLUSTER_HOST.matcher(url.group(1)) : url;
            if (!url.matches() || !host.matches() || !host.group(1).endsWith("-rw")) {
                problems.add(module.name + ": JDBC URL is not a CloudNativePG read-write Service");
                continue;
            }
            String cluster = host.group(1).substring(0, host.group(1).length() - "-rw".length());
            Optional<JsonNode> database = databases(infrastructure, cluster, host.group(2)).stream()
                    .filter(d -> d.path("name").asText().equals(url.group(3))).findFirst();
            if (database.isEmpty()) {
                problems.add(module.name + ": no database " + url.group(3) + " in cluster " + host.group(2) + "/" + cluster);
                continue;
            }
            expect(problems, module.name + " database user", database.get().path("owner").asText(),
                    workloads.value(deployment, "QUARKUS_DATASOURCE_USERNAME"));
            String pool = workloads.environment(deployment).getOrDefault("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", Optional.empty())
                    .orElse(module.properties.get("quarkus.datasource.jdbc.max-size"));
            connections.merge(cluster, workloads.maxPods(deployment) * Integer.parseInt(pool), Integer::sum);
        }
        connections.forEach((cluster, needed) -> {
            JsonNode parameters = infrastructure.untyped("Cluster").stream().filter(c -> c.path("metadata").path("name").asText().equals(cluster))
                    .findFirst().orElseThrow().path("spec").path("postgresql").path("parameters");
            int available = Integer.parseInt(parameters.path("max_connections").asText("100"))
                    - Integer.parseInt(parameters.path("superuser_reserved_connections").asText("3")) - CONNECTION_HEADROOM;
            if (needed > available) {
                problems.add(cluster + ": the pools may open " + needed + " connections, " + available + " are available");
            }
        });
        assertTrue(!connections.isEmpty(), "no service uses a database in " + overlay);
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaClientsSpeakTheirListenersProtocolAsUsersWithTheAclsTheyNeed(String overlay) {
        Kafka kafka = Rendered.of(Rendered.OVERLAYS.get(overlay)).all(Kafka.class).get(0);
        String bootstrapHost = kafka.getMetadata().getName() + "-kafka-bootstrap." + kafka.getMetadata().getNamespace() + ".svc";
        boolean authorized = kafka.getSpec().getKafka().getAuthorization() != null;
        checkEveryDeployment(overlay, (workloads, deployment, module, problems) -> {
            String name = module.name;
            Map<String, Optional<String>> environment = workloads.environment(deployment);
            String[] bootstrap = workloads.value(deployment, "KAFKA_BOOTSTRAP_SERVERS").split(":");
            expect(problems, name + " bootstrap host", bootstrapHost, bootstrap[0]);
            Optional<GenericKafkaListener> listener = kafka.getSpec().getKafka().getListeners().stream()
                    .filter(l -> l.getPort() == Integer.parseInt(bootstrap[1])).findFirst();
            if (listener.isEmpty()) {
                problems.add(name + ": no listener on port " + bootstrap[1]);
                return;
            }
            boolean scram = listener.get().getAuth() != null && listener.get().getAuth().getType().equals("scram-sha-512");
            String protocol = (scram ? "SASL_" : "") + (listener.get().isTls() ? "SSL" : "PLAINTEXT");
            expect(problems, name + " KAFKA_SECURITY_PROTOCOL", protocol,
                    environment.getOrDefault("KAFKA_SECURITY_PROTOCOL", Optional.of("PLAINTEXT")).orElse(null));
            if (listener.get().isTls()) {
                String truststore = workloads.value(deployment, "KAFKA_SSL_TRUSTSTORE_LOCATION");
                if (Workloads.container(deployment).getVolumeMounts().stream().noneMatch(m -> truststore.startsWith(m.getMountPath() + "/"))) {
                    problems.add(name + ": truststore " + truststore + " is on no mounted volume");
                }
            }
            if (!scram) {
                return;
            }
            expect(problems, name + " KAFKA_SASL_MECHANISM", Optional.of("SCRAM-SHA-512"), environment.get("KAFKA_SASL_MECHANISM"));
            var jaas = Workloads.container(deployment).getEnv().stream().filter(v -> v.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                    .map(v -> v.getValueFrom().getSecretKeyRef()).findFirst();
            Optional<KafkaUser> user = jaas.flatMap(j -> workloads.rendered().all(KafkaUser.class).stream()
                    .filter(u -> u.getMetadata().getName().equals(j.getName())).findFirst());
            if (user.isEmpty() || !jaas.get().getKey().equals("sasl.jaas.config")
                    || !user.get().getSpec().getAuthentication().getType().equals("scram-sha-512")) {
                problems.add(name + ": KAFKA_SASL_JAAS_CONFIG is not the sasl.jaas.config of a SCRAM-SHA-512 KafkaUser");
                return;
            }
            expect(problems, name + " KafkaUser strimzi.io/cluster", kafka.getMetadata().getName(),
                    user.get().getMetadata().getLabels().get("strimzi.io/cluster"));
            if (authorized) {
                expect(problems, name + " KafkaUser ACLs (resource -> operations)", neededAcls(module),
                        grantedAcls(((KafkaUserAuthorizationSimple) user.get().getSpec().getAuthorization()).getAcls()));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkPoliciesDenyByDefaultAndAllowWhatTheServicesUse(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Workloads workloads = new Workloads(rendered);
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        List<String> problems = new ArrayList<>();
        assertTrue(policies.stream().anyMatch(p -> Workloads.selects(p.getSpec().getPodSelector(), Map.of())
                && new HashSet<>(p.getSpec().getPolicyTypes()).equals(Set.of("Ingress", "Egress"))
                && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()), "a default-deny NetworkPolicy");
        policies.forEach(p -> p.getSpec().getIngress().forEach(rule -> {
            if (rule.getFrom().isEmpty() || rule.getPorts().isEmpty()) {
                problems.add("NetworkPolicy " + p.getMetadata().getName() + " lets anyone in, or to any port");
            }
        }));
        Set<String> routed = new HashSet<>();
        rendered.all(Ingress.class).forEach(i -> i.getSpec().getRules().forEach(r -> r.getHttp().getPaths()
                .forEach(p -> routed.add(p.getBackend().getService().getName()))));
        for (Deployment deployment : workloads.deployments()) {
            String name = deployment.getMetadata().getName();
            String namespace = deployment.getMetadata().getNamespace();
            Map<String, String> labels = Workloads.podLabels(deployment);
            int port = Workloads.module(deployment).httpPort();
            Traffic traffic = new Traffic(policies, namespace, labels);
            if (workloads.services(deployment).stream().anyMatch(s -> routed.contains(s.getMetadata().getName()))
                    && !traffic.in(INGRESS_NAMESPACE, null, port)) {
                problems.add(name + ": the ingress controller may not reach port " + port);
            }
            if (!traffic.in(MONITORING_NAMESPACE, null, port)) {
                problems.add(name + ": Prometheus may not reach port " + port);
            }
            if (!traffic.out("kube-system", null, 53)) {
                problems.add(name + ": no DNS");
            }
            for (Map.Entry<String, Optional<String>> variable : workloads.environment(deployment).entrySet()) {
                String value = variable.getValue().orElse("");
                Matcher service = SERVICE_URL.matcher(value);
                if (service.lookingAt()) {
                    Service target = rendered.named(Service.class, service.group(1));
                    Deployment peer = workloads.backing(target);
                    int targetPort = target.getSpec().getPorts().stream().filter(p -> p.getPort() == Integer.parseInt(service.group(2)))
                            .map(p -> Workloads.containerPort(peer, p.getTargetPort())).findFirst().orElse(-1);
                    if (!traffic.out(namespace, Workloads.podLabels(peer), targetPort)
                            || !new Traffic(policies, namespace, Workloads.podLabels(peer)).in(namespace, labels, targetPort)) {
                        problems.add(name + " may not reach " + peer.getMetadata().getName() + ":" + targetPort + " (" + variable.getKey() + ")");
                    }
                }
                Matcher external = EXTERNAL.matcher(value);
                if (external.lookingAt() && !traffic.out(external.group(2), null, Integer.parseInt(external.group(3)))) {
                    problems.add(name + " may not reach " + external.group(0) + " (" + variable.getKey() + ")");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * What the service's Kafka clients need, from its configuration: Describe on every topic it uses, Read on those
     * its channels consume, Write on those it produces (outgoing channels, dead-letter topics, the outbox's), Read
     * on its consumer groups; a group whose id is per instance ("gateway-${instance}-...") as a prefix ACL.
     */
    private static Map<String, Set<AclOperation>> neededAcls(ServiceModule module) {
        Map<String, Set<AclOperation>> acls = new TreeMap<>();
        module.consumedTopics().forEach(t -> grant(acls, "topic " + t + " literal", AclOperation.DESCRIBE, AclOperation.READ));
        module.producedTopics().forEach(t -> grant(acls, "topic " + t + " literal", AclOperation.DESCRIBE, AclOperation.WRITE));
        module.groups().keySet().forEach(group -> grant(acls, ServiceModule.perInstance(group)
                ? "group " + group.substring(0, group.indexOf("${")) + " prefix" : "group " + group + " literal",
                AclOperation.DESCRIBE, AclOperation.READ));
        return acls;
    }

    /** A KafkaUser's allow rules for any host, in the same form; any other rule is a key of its own. */
    private static Map<String, Set<AclOperation>> grantedAcls(List<AclRule> rules) {
        Map<String, Set<AclOperation>> acls = new TreeMap<>();
        for (AclRule rule : rules) {
            String resource;
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                resource = "topic " + topic.getName() + " " + pattern(topic.getPatternType());
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                resource = "group " + group.getName() + " " + pattern(group.getPatternType());
            } else {
                resource = rule.getResource().toString();
            }
            boolean allowAnyHost = rule.getType() != AclRuleType.DENY && (rule.getHost() == null || rule.getHost().equals("*"));
            List<AclOperation> operations = rule.getOperations() != null ? rule.getOperations() : List.of(rule.getOperation());
            grant(acls, allowAnyHost ? resource : resource + " (" + rule.getType() + " from " + rule.getHost() + ")",
                    operations.toArray(AclOperation[]::new));
        }
        return acls;
    }

    private static String pattern(AclResourcePatternType type) {
        return (type == null ? AclResourcePatternType.LITERAL : type).toValue();
    }

    private static void grant(Map<String, Set<AclOperation>> acls, String resource, AclOperation... operations) {
        acls.computeIfAbsent(resource, r -> EnumSet.noneOf(AclOperation.class)).addAll(List.of(operations));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void readinessOfTheServicesWithADatabaseIgnoresKafka(String overlay) {
        // With the outbox they lose nothing while Kafka is down, so its outage must not take them out of their Service.
        checkEveryDeployment(overlay, (workloads, deployment, module, problems) -> {
            if (!workloads.environment(deployment).containsKey("QUARKUS_DATASOURCE_JDBC_URL")) {
                return;
            }
            if (Boolean.parseBoolean(module.properties.get("quarkus.kafka.health.enabled"))) {
                problems.add(module.name + ": quarkus.kafka.health.enabled puts the broker into readiness");
            }
            boolean connectorOff = "false".equals(module.properties.get("mp.messaging.connector.smallrye-kafka.health-readiness-enabled"));
            module.channelPrefixes().stream()
                    .filter(channel -> !connectorOff && !"false".equals(module.properties.get(channel + ".health-readiness-enabled")))
                    .forEach(channel -> problems.add(module.name + ": " + channel + " reports Kafka in readiness"));
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyThePlatformsPodsReachKafka(String overlay) {
        Kafka kafka = Rendered.of(Rendered.OVERLAYS.get(overlay)).all(Kafka.class).get(0);
        Workloads workloads = new Workloads(Rendered.of(overlay));
        List<String> problems = new ArrayList<>();
        // Strimzi turns each listener's networkPolicyPeers into the NetworkPolicy of its port.
        for (GenericKafkaListener listener : kafka.getSpec().getKafka().getListeners()) {
            List<NetworkPolicyPeer> peers = Optional.ofNullable(listener.getNetworkPolicyPeers()).orElse(List.of());
            if (peers.isEmpty() || peers.stream().anyMatch(peer -> peer.getNamespaceSelector() == null || peer.getPodSelector() == null
                    || Optional.ofNullable(peer.getPodSelector().getMatchLabels()).orElse(Map.of()).isEmpty())) {
                problems.add("listener " + listener.getName() + " accepts pods that are not the platform's");
            }
            for (Deployment deployment : workloads.deployments()) {
                Map<String, String> namespace = Map.of(NAMESPACE_LABEL, deployment.getMetadata().getNamespace());
                if (Workloads.module(deployment).usesKafka() && peers.stream().noneMatch(peer -> Workloads.selects(peer.getNamespaceSelector(), namespace)
                        && Workloads.selects(peer.getPodSelector(), Workloads.podLabels(deployment)))) {
                    problems.add("listener " + listener.getName() + " refuses " + deployment.getMetadata().getName());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void noKustomizationCarriesASecret(String kustomization) {
        // Secrets come from kubectl (README.md) and the operators, so an apply never overwrites the real ones.
        assertEquals(List.of(), Rendered.of(kustomization).documents().stream().filter(d -> d.path("kind").asText().equals("Secret"))
                .map(d -> d.path("metadata").path("name").asText()).toList());
    }

    /** Runs a check on every Deployment of the overlay; the test fails listing every problem found. */
    private static void checkEveryDeployment(String overlay, DeploymentCheck check) {
        Workloads workloads = new Workloads(Rendered.of(overlay));
        List<String> problems = new ArrayList<>();
        workloads.deployments().forEach(deployment -> check.check(workloads, deployment, Workloads.module(deployment), problems));
        assertEquals(List.of(), problems);
    }

    private interface DeploymentCheck {
        void check(Workloads workloads, Deployment deployment, ServiceModule module, List<String> problems);
    }

    /** Whether the NetworkPolicies let traffic into or out of the pods with these labels (ports by number). */
    private record Traffic(List<NetworkPolicy> policies, String namespace, Map<String, String> labels) {

        boolean in(String peerNamespace, Map<String, String> peerLabels, int port) {
            return policies.stream().filter(p -> applies(p, "Ingress")).flatMap(p -> p.getSpec().getIngress().stream())
                    .anyMatch(rule -> peers(rule.getFrom(), peerNamespace, peerLabels) && ports(rule.getPorts(), port));
        }

        boolean out(String peerNamespace, Map<String, String> peerLabels, int port) {
            return policies.stream().filter(p -> applies(p, "Egress")).flatMap(p -> p.getSpec().getEgress().stream())
                    .anyMatch(rule -> peers(rule.getTo(), peerNamespace, peerLabels) && ports(rule.getPorts(), port));
        }

        private boolean applies(NetworkPolicy policy, String type) {
            return policy.getMetadata().getNamespace().equals(namespace) && policy.getSpec().getPolicyTypes().contains(type)
                    && Workloads.selects(policy.getSpec().getPodSelector(), labels);
        }

        /** Peers outside the cluster's known pods (peerLabels null) match any pod selector in their namespace. */
        private boolean peers(List<NetworkPolicyPeer> peers, String peerNamespace, Map<String, String> peerLabels) {
            return peers.isEmpty() || peers.stream().anyMatch(peer -> (peer.getNamespaceSelector() == null ? peerNamespace.equals(namespace)
                    : Workloads.selects(peer.getNamespaceSelector(), Map.of(NAMESPACE_LABEL, peerNamespace)))
                    && (peer.getPodSelector() == null || peerLabels == null || Workloads.selects(peer.getPodSelector(), peerLabels)));
        }

        private static boolean ports(List<NetworkPolicyPort> ports, int port) {
            return ports.isEmpty() || ports.stream().anyMatch(p -> p.getPort() != null && Integer.valueOf(port).equals(p.getPort().getIntVal()));
        }
    }

    /** An Ingress path that takes requests for the served path. */
    private static boolean reaches(HTTPIngressPath ingress, String served) {
        return "Exact".equals(ingress.getPathType()) ? ingress.getPath().equals(served) : within(served, ingress.getPath());
    }

    /** Whether {@code path} is {@code prefix} or below it, segment by segment. */
    private static boolean within(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** The initdb database and the Database resources of one CloudNativePG cluster, as {name, owner}. */
    private static List<JsonNode> databases(Rendered infrastructure, String cluster, String namespace) {
        List<JsonNode> databases = new ArrayList<>();
        infrastructure.untyped("Cluster").stream().filter(c -> c.path("metadata").path("name").asText().equals(cluster)
                && c.path("metadata").path("namespace").asText().equals(namespace))
                .forEach(c -> databases.add(c.path("spec").path("bootstrap").path("initdb")));
        databases.replaceAll(initdb -> ((ObjectNode) initdb.deepCopy()).put("name", initdb.path("database").asText()));
        infrastructure.untyped("Database").stream().filter(d -> d.path("spec").path("cluster").path("name").asText().equals(cluster)
                && d.path("metadata").path("namespace").asText().equals(namespace)).forEach(d -> databases.add(d.path("spec")));
        return databases;
    }

    /** The secrets README.md tells the operator to create in namespace chat, with their keys. */
    private static Map<String, Set<String>> documentedSecrets() throws IOException {
        Map<String, Set<String>> secrets = new HashMap<>();
        String command = null;
        for (String line : Files.readAllLines(Rendered.K8S.resolve("README.md"))) {
            Matcher create = SECRET_COMMAND.matcher(line);
            if (create.find()) {
                command = create.group(1);
                secrets.put(command, new TreeSet<>());
            }
            if (command != null) {
                Matcher key = SECRET_KEY.matcher(line);
                while (key.find()) {
                    secrets.get(command).add(key.group(1));
                }
                if (!line.strip().endsWith("\\")) {
                    command = null;
                }
            }
        }
        return secrets;
    }

    private static Set<String> contractTopics() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        return topics;
    }

    /** The topics whose Javadoc in io.chat.contracts.Topics says they are compacted. */
    private static Set<String> compactedTopics() throws IOException {
        Set<String> compacted = new TreeSet<>();
        Matcher constant = TOPIC_CONSTANT.matcher(Files.readString(Rendered.ROOT.resolve("contracts/src/main/java/io/chat/contracts/Topics.java")));
        while (constant.find()) {
            if (constant.group(1).contains("compacted")) {
                compacted.add(constant.group(2));
            }
        }
        return compacted;
    }

    private static BigDecimal memoryLimit(Deployment deployment) {
        return Quantity.getAmountInBytes(Workloads.container(deployment).getResources().getLimits().get("memory"));
    }

    private static void expect(List<String> problems, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            problems.add(what + ": expected " + expected + ", found " + actual);
        }
    }
}
