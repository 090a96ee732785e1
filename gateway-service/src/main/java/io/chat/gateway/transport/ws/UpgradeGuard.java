package io.chat.gateway.transport.ws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.ConnectionService;
import io.chat.problem.Problem;
import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Every refused {@code /ws} upgrade gets a problem body (websockets-next's own checks can only answer a
 * bare status): 503 while shutting down and 403 for a browser origin outside
 * {@code chat.gateway.allowed-origins} (a request without Origin passes), both before the token is
 * verified; 401 for no or a bad token; after authentication, 429 when the user holds
 * {@code max-connections-per-user} connections on this instance already. {@code /stomp} upgrades get the
 * 503 and 403 checks only: STOMP clients may authenticate in {@code CONNECT}, where the cap is applied too.
 * A subprotocol carrier websockets-next cannot read is a 400 on any path. A request to either endpoint that
 * asks for an upgrade but is not an RFC 6455 handshake is a 400 (405 for another method, 426 for another
 * version) before the origin and token checks.
 * <p>
 * An authorized {@code /ws} upgrade leaves with only its {@link SocketUser} (in the socket's {@link UserData},
 * as this class's {@link HttpUpgradeCheck}): websockets-next keeps the upgrade's {@code RoutingContext},
 * request, headers and security identity (with the raw token and its claims) for the socket's whole life
 * when the upgrade carries a user, and the socket needs none of them. Both endpoints' upgrades keep only
 * the {@link #KEPT_HEADERS}.
 */
@ApplicationScoped
public class UpgradeGuard implements HttpUpgradeCheck {

    /** Who opened a {@code /ws} socket, until its token expires: all the socket needs of its upgrade. */
    public record SocketUser(String userId, Instant expiresAt) {
    }

    public static final UserData.TypedKey<SocketUser> SOCKET_USER = new UserData.TypedKey<>("chat-socket-user");

    private static final String PATH = "/ws";
    private static final String STOMP_PATH = "/stomp";
    private static final String BEARER = "Bearer ";
    /** What marks websockets-next's header carrier in {@code Sec-WebSocket-Protocol} (browsers cannot set headers). */
    private static final String CARRIER_MARK = "quarkus-http-upgrade";
    private static final String CARRIER_SEPARATOR = "#";
    private static final String KEY = "Sec-WebSocket-Key";
    private static final String VERSION = "Sec-WebSocket-Version";
    /** RFC 6455's; Vert.x would also take drafts 7 and 8, and try draft 0 on an upgrade without a version. */
    private static final String SUPPORTED_VERSION = "13";
    /** Before websockets-next's carrier filter ({@code WebSocketHeaderPropagationHandler}, at AUTHENTICATION + 20). */
    private static final int BEFORE_CARRIER_FILTER = SecurityHandlerPriorities.AUTHENTICATION + 21;
    /** Before authentication: refusals that need no token. */
    private static final int BEFORE_AUTHENTICATION = SecurityHandlerPriorities.AUTHENTICATION + 1;
    /** After the HTTP permission on /ws authenticated the caller. */
    private static final int AFTER_AUTHORIZATION = SecurityHandlerPriorities.AUTHORIZATION - 1;

    /**
     * The request headers an upgrade keeps: the handshake's own, and the proxy headers the remote address may
     * be read from. Vert.x and websockets-next each keep the upgrade's headers for the socket's life, and
     * nothing reads the others (a browser's User-Agent, Accept-*, Cookie) after the checks here.
     */
    private static final Set<String> KEPT_HEADERS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions", "forwarded",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix",
            "x-real-ip");

    private final List<String> allowedOrigins;
    private final int maxConnections;
    private final ConnectionService connections;
    private final ObjectMapper mapper;

    public UpgradeGuard(GatewayConfig config, ConnectionService connections, ObjectMapper mapper) {
        this.allowedOrigins = config.allowedOrigins().orElse(List.of());
        this.maxConnections = config.limits().maxConnectionsPerUser();
        this.connections = connections;
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        filters.register(this::checkCarrier, BEFORE_CARRIER_FILTER);
        filters.register(this::beforeAuthentication, BEFORE_AUTHENTICATION);
        filters.register(this::afterAuthorization, AFTER_AUTHORIZATION);
    }

    /**
     * A carrier websockets-next's filter cannot read (not {@code quarkus-http-upgrade#name#value}, a bad
     * escape, no other subprotocol offered with it) is a 400 here; that filter would fail the request with a
     * 500 and an error log line, on any path.
     */
    private void checkCarrier(RoutingContext rc) {
        String subprotocols = rc.request().getHeader("Sec-WebSocket-Protocol");
        if (subprotocols == null || !subprotocols.contains(CARRIER_MARK)) {
            rc.next();
            return;
        }
        boolean others = false;
        for (String protocol : subprotocols.split(",")) {
            protocol = protocol.trim();
            if (!protocol.startsWith(CARRIER_MARK)) {
                others = true;
            } else if (!readable(protocol)) {
                refuse(rc, 400, "A subprotocol carrier is quarkus-http-upgrade#<header>#<URL-encoded value>");
                return;
            }
        }
        if (others) {
            rc.next();
        } else {
            refuse(rc, 400, "Offer bearer-token-carrier beside the quarkus-http-upgrade carrier");
        }
    }

    private static boolean readable(String carrier) {
        try {
            return URLDecoder.decode(carrier, StandardCharsets.UTF_8).split(CARRIER_SEPARATOR).length == 3;
        } catch (IllegalArgumentException badEscape) {
            return false;
        }
    }

    private void beforeAuthentication(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!PATH.equals(path) && !STOMP_PATH.equals(path)) {
            rc.next();
            return;
        }
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if (!connections.accepting()) {
            refuse(rc, 503, "The gateway is shutting down; connect again (another instance takes it)");
        } else if (refusedHandshake(rc)) {
            // answered: not a handshake websockets-next could upgrade
        } else if (origin != null && !allowedOrigins.contains(origin)) {
            refuse(rc, 403, "Origin " + origin + " may not open " + path);
        } else if (STOMP_PATH.equals(path)) {
            rc.next();
        } else if (!hasCredentials(rc)) {
            unauthorized(rc); // the HTTP permission's challenge would answer without a body
        } else {
            BiConsumer<RoutingContext, Throwable> authenticationFailed = (context, failure) -> {
                if (failure instanceof ForbiddenException) {
                    refuse(context, 403, "Not allowed to open /ws");
                } else {
                    unauthorized(context);
                }
            };
            rc.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, authenticationFailed);
            rc.next();
        }
    }

    /**
     * Refuses a request that asks for an upgrade ({@code Upgrade} or {@code Sec-WebSocket-Key}) but is not an
     * RFC 6455 handshake, with the status Vert.x would answer without a body (websockets-next passes one
     * without a key on, to a 404). A request asking for none goes on to the other checks, as before.
     */
    private boolean refusedHandshake(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        String key = request.getHeader(KEY);
        String version = request.getHeader(VERSION);
        if (upgrade == null && key == null) {
            return false;
        }
        if (request.method() != HttpMethod.GET) {
            rc.response().putHeader(HttpHeaders.ALLOW, "GET");
            refuse(rc, 405, "A WebSocket upgrade is a GET");
        } else if (upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")
                || !listsToken(request.getHeader(HttpHeaders.CONNECTION), "upgrade")) {
            refuse(rc, 400, "A WebSocket upgrade has Upgrade: websocket and Connection: Upgrade");
        } else if (key == null || key.isBlank()) {
            refuse(rc, 400, "A WebSocket upgrade has a Sec-WebSocket-Key");
        } else if (version == null || !version.trim().equals(SUPPORTED_VERSION)) {
            rc.response().putHeader(VERSION, SUPPORTED_VERSION); // RFC 6455 4.4: the versions the server speaks
            refuse(rc, 426, "Only WebSocket version 13 (RFC 6455) is supported");
        } else {
            return false;
        }
        return true;
    }

    /** Whether a comma-separated header value lists {@code token}: Firefox sends {@code Connection: keep-alive, Upgrade}. */
    private static boolean listsToken(String value, String token) {
        return value != null && Arrays.stream(value.split(",")).anyMatch(listed -> listed.trim().equalsIgnoreCase(token));
    }

    private void afterAuthorization(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (PATH.equals(path) && rc.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken jwt) {
            if (connections.atConnectionLimit(jwt.getSubject())) {
                refuse(rc, 429, "At most " + maxConnections + " connections per user");
                return;
            }
            // Handed to perform (below) on this request's context; with neither a user nor a deferred identity
            // left, websockets-next keeps nothing of the upgrade but its headers' copy, the token not among them.
            ContextLocals.put(SOCKET_USER.value(), new SocketUser(jwt.getSubject(), Instant.ofEpochSecond(jwt.getExpirationTime())));
            rc.setUser(null);
            rc.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
            rc.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
            keepOnly(rc, KEPT_HEADERS::contains); // the token's header among those dropped
        } else if (STOMP_PATH.equals(path)) {
            // A STOMP session verifies its token itself (in CONNECT); without a deferred identity to fall back on,
            // websockets-next does not keep the upgrade's RoutingContext (and its request) for the socket's life.
            rc.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
            // a STOMP session may take its token from the upgrade's header (when CONNECT has none)
            keepOnly(rc, name -> KEPT_HEADERS.contains(name) || name.equals("authorization"));
        }
        rc.next();
    }

    /** Removes the request headers whose lower-case name is not {@code kept}. */
    private static void keepOnly(RoutingContext rc, Predicate<String> kept) {
        for (String name : rc.request().headers().names()) { // a copy: safe to remove from the headers
            if (!kept.test(name.toLowerCase(Locale.ROOT))) {
                rc.request().headers().remove(name);
            }
        }
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ChatSocket.class.getName().equals(endpointId);
    }

    /** The user {@link #afterAuthorization} found; without one (it did not run) the upgrade is not authenticated. */
    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        SocketUser user = ContextLocals.<SocketUser> get(SOCKET_USER.value()).orElse(null);
        if (user == null) {
            return CheckResult.rejectUpgrade(401);
        }
        ContextLocals.remove(SOCKET_USER.value());
        context.userData().put(SOCKET_USER, user);
        return CheckResult.permitUpgrade();
    }

    /**
     * A bearer token in the Authorization header, however it came: as the header, as {@code ?access_token=},
     * or in the subprotocol carrier (websockets-next's filter has made it the header by now). Anything else
     * (another scheme, an empty token) gets this class's 401, not the HTTP permission's bare challenge.
     */
    private static boolean hasCredentials(RoutingContext rc) {
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && !authorization.substring(BEARER.length()).isBlank();
    }

    private void unauthorized(RoutingContext rc) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        refuse(rc, 401, "A valid access token is required (Authorization header, access_token or subprotocol)");
    }

    private void refuse(RoutingContext rc, int status, String detail) {
        if (!rc.response().ended()) {
            Problem.of(status, detail).send(rc.response(), mapper);
        }
    }
}
