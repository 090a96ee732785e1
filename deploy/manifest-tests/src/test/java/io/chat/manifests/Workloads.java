package io.chat.manifests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** Questions about the Deployments of one rendered overlay, with the answers its other objects give. */
record Workloads(Rendered rendered) {

    List<Deployment> deployments() {
        return rendered.all(Deployment.class);
    }

    /** The service module a Deployment runs: the module directory of the same name. */
    static ServiceModule module(Deployment deployment) {
        return ServiceModule.of(deployment.getMetadata().getName());
    }

    /** The Deployment's one container, named like the Deployment. */
    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1 || !containers.get(0).getName().equals(deployment.getMetadata().getName())) {
            throw new AssertionError(deployment.getMetadata().getName() + ": expected one container of the same name");
        }
        return containers.get(0);
    }

    static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The container port a probe, Service or policy port (a name or a number) means; -1 if none. */
    static int containerPort(Deployment deployment, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container(deployment).getPorts().stream().filter(p -> p.getName().equals(port.getStrVal()))
                .mapToInt(ContainerPort::getContainerPort).findFirst().orElse(-1);
    }

    /** Every variable of the container: its literal or ConfigMap value, or empty when it comes from a Secret or the downward API. */
    Map<String, Optional<String>> environment(Deployment deployment) {
        Map<String, Optional<String>> environment = new LinkedHashMap<>();
        for (EnvVar variable : Optional.ofNullable(container(deployment).getEnv()).orElse(List.of())) {
            environment.put(variable.getName(), value(variable));
        }
        return environment;
    }

    /** The value of a variable that must have one known here. */
    String value(Deployment deployment, String variable) {
        return Optional.ofNullable(environment(deployment).get(variable)).flatMap(v -> v)
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no value for " + variable));
    }

    private Optional<String> value(EnvVar variable) {
        if (variable.getValueFrom() == null) {
            return Optional.ofNullable(variable.getValue());
        }
        var reference = variable.getValueFrom().getConfigMapKeyRef();
        if (reference == null) {
            return Optional.empty();
        }
        return rendered.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(reference.getName()))
                .findFirst().map(c -> c.getData().get(reference.getKey()));
    }

    /** The Services whose selector picks this Deployment's pods. */
    List<Service> services(Deployment deployment) {
        return rendered.all(Service.class).stream().filter(s -> selects(s.getSpec().getSelector(), podLabels(deployment))).toList();
    }

    Deployment backing(Service service) {
        return deployments().stream().filter(d -> selects(service.getSpec().getSelector(), podLabels(d))).findFirst()
                .orElseThrow(() -> new AssertionError("Service " + service.getMetadata().getName() + " selects no Deployment"));
    }

    /** The autoscaler's maximum, or the replicas. */
    int maxReplicas(Deployment deployment) {
        return rendered.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(deployment.getMetadata().getName()))
                .map(h -> h.getSpec().getMaxReplicas()).findFirst()
                .orElse(Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1));
    }

    /** Most pods that can run at once: the maximum replicas plus the rolling update's surge. */
    int maxPods(Deployment deployment) {
        int replicas = maxReplicas(deployment);
        IntOrString surge = deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge();
        return replicas + (surge.getIntVal() != null ? surge.getIntVal()
                : (int) Math.ceil(replicas * Integer.parseInt(surge.getStrVal().replace("%", "")) / 100.0));
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && labels.entrySet().containsAll(selector.entrySet());
    }

    /** A label selector (matchLabels only; an empty one selects everything). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new AssertionError("matchExpressions are not evaluated here: " + selector);
        }
        return selector.getMatchLabels() == null || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }
}
