package io.chat.user.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.problem.ProblemException;
import io.chat.user.config.UserServiceConfig;

/**
 * Per-client-address rates of the unauthenticated endpoints (sign-in, registration): a token bucket per
 * address that refills its per-minute allowance evenly. Only the most recently seen addresses are
 * tracked, so a flood of addresses cannot grow the map without bound.
 */
@ApplicationScoped
public class ClientRateLimits {

    private final Buckets signIns;
    private final Buckets registrations;

    public ClientRateLimits(UserServiceConfig config) {
        UserServiceConfig.Limits limits = config.limits();
        this.signIns = new Buckets(limits.tokenRequestsPerMinute(), limits.trackedClients());
        this.registrations = new Buckets(limits.registrationsPerMinute(), limits.trackedClients());
    }

    public void signIn(String client) {
        signIns.take(client, "sign-in");
    }

    public void registration(String client) {
        registrations.take(client, "registration");
    }

    private static final class Buckets {
        private final double perNano;
        private final int capacity;
        private final Map<String, double[]> buckets;

        Buckets(int perMinute, int tracked) {
            this.perNano = perMinute / (double) TimeUnit.MINUTES.toNanos(1);
            this.capacity = perMinute;
            this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                    return size() > tracked;
                }
            };
        }

        /** bucket = {tokens, refilled at (nanos)} */
        synchronized void take(String client, String what) {
            long now = System.nanoTime();
            double[] bucket = buckets.computeIfAbsent(client, c -> new double[] { capacity, now });
            bucket[0] = Math.min(capacity, bucket[0] + (now - bucket[1]) * perNano);
            bucket[1] = now;
            if (bucket[0] < 1) {
                long waitSeconds = (long) Math.ceil((1 - bucket[0]) / perNano / TimeUnit.SECONDS.toNanos(1));
                throw ProblemException.tooManyRequests("Too many " + what + " requests from this address", waitSeconds);
            }
            bucket[0]--;
        }
    }
}
