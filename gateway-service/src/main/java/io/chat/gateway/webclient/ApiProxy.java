package io.chat.gateway.webclient;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.problem.Problem;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * One origin for the browser: {@code /api/users/...} and {@code /api/auth/...} go to user-service,
 * {@code /api/rooms/...} and {@code /api/dms/...} to chat-service, without the {@code /api} prefix.
 * Vert.x's reverse proxy streams requests and answers through as they are (Authorization included, hop-by-hop
 * headers not); a service that cannot be reached is a 502 problem, one that does not answer in time a 504.
 * Bodies over {@code quarkus.http.limits.max-body-size} are refused before (the problem module's filter).
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);
    private static final String PREFIX = "/api";
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

    /** A service behind the routes, with its two problem bodies ready. */
    private record Upstream(String name, URI url, String unreachable, String timedOut) {

        static Upstream of(String name, URI url, ObjectMapper mapper) throws JsonProcessingException {
            return new Upstream(name, url,
                    mapper.writeValueAsString(Problem.of(502, name + " is unreachable; try again shortly")),
                    mapper.writeValueAsString(Problem.of(504, name + " did not answer in time; try again shortly")));
        }

        RequestOptions options(WebClientConfig config) {
            boolean tls = "https".equals(url.getScheme());
            return new RequestOptions().setHost(url.getHost()).setPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
                    .setSsl(tls).setIdleTimeout(config.timeout().toMillis());
        }

        String uri(String path, String query) {
            return url.getRawPath().replaceAll("/$", "") + path + (query == null ? "" : "?" + query);
        }
    }

    private final WebClientConfig config;
    /** First path segment after the prefix → service. */
    private final Map<String, Upstream> upstreams;
    private HttpClient client;

    public ApiProxy(WebClientConfig config, ObjectMapper mapper) throws JsonProcessingException {
        this.config = config;
        Upstream users = Upstream.of("user-service", config.usersUrl(), mapper);
        Upstream chat = Upstream.of("chat-service", config.chatUrl(), mapper);
        this.upstreams = Map.of("users", users, "auth", users, "rooms", chat, "dms", chat);
    }

    void register(@Observes Router router, Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis()));
        router.routeWithRegex(PREFIX + "/(" + String.join("|", upstreams.keySet()) + ")(/.*)?").handler(this::forward);
        LOG.infof("Web client API: /api/users, /api/auth -> %s; /api/rooms, /api/dms -> %s",
                config.usersUrl(), config.chatUrl());
    }

    void close(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    private void forward(RoutingContext rc) {
        HttpServerRequest incoming = rc.request();
        // The normalized path, so that "/api/rooms/../../q/metrics" cannot leave the routes above.
        String path = rc.normalizedPath().substring(PREFIX.length());
        Upstream upstream = upstreams.get(path.split("/", 3)[1]);
        ProxyRequest request = ProxyRequest.reverseProxy(incoming);
        request.setURI(upstream.uri(path, incoming.query()));
        // The browser calls its own origin: the services' CORS rules are not for it.
        request.headers().remove(HttpHeaders.ORIGIN);
        String forwardedFor = incoming.getHeader(X_FORWARDED_FOR);
        String peer = incoming.remoteAddress().hostAddress();
        request.putHeader(X_FORWARDED_FOR, forwardedFor == null ? peer : forwardedFor + ", " + peer);
        if (incoming.getHeader(X_FORWARDED_PROTO) == null) {
            request.putHeader(X_FORWARDED_PROTO, incoming.scheme());
        }
        client.request(upstream.options(config)).compose(request::send)
                .recover(failure -> Future.succeededFuture(unavailable(request, upstream, failure)))
                .compose(ProxyResponse::send)
                .onFailure(failure -> LOG.debugf("%s %s: the answer did not reach the client (%s)",
                        incoming.method(), path, failure.toString()));
    }

    private static ProxyResponse unavailable(ProxyRequest request, Upstream upstream, Throwable failure) {
        boolean timedOut = failure instanceof TimeoutException || failure instanceof ConnectTimeoutException;
        // Method and path only: headers and query may carry credentials.
        LOG.warnf("%s %s: %s %s (%s)", request.getMethod(), request.proxiedRequest().path(), upstream.name(),
                timedOut ? "did not answer in time" : "is unreachable", failure.toString());
        return request.release().response().setStatusCode(timedOut ? 504 : 502)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .setBody(Body.body(Buffer.buffer(timedOut ? upstream.timedOut() : upstream.unreachable())));
    }
}
