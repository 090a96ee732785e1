package io.chat.gateway.transport.stomp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.chat.contracts.ws.CloseCode;
import io.chat.contracts.ws.ErrorCodes;
import io.chat.contracts.ws.StompErrorCodes;
import io.chat.contracts.ws.FrameTypes;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.ClientFrames;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.ConnectionService;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.fanout.OutboundFrame;
import io.chat.gateway.fanout.RoomIndex;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.stomp.Command;
import io.vertx.ext.stomp.Frame;
import io.vertx.ext.stomp.Frames;
import io.vertx.ext.stomp.StompServerOptions;
import io.vertx.ext.stomp.impl.FrameException;
import io.vertx.ext.stomp.impl.FrameParser;
import io.vertx.ext.stomp.impl.HeaderCodec;

/**
 * One STOMP session over a WebSocket, as a {@link Transport}: vertx-stomp parses and encodes the frames;
 * the session maps them onto the connection model. {@code CONNECT} authenticates (its
 * {@code Authorization}/{@code passcode} header or the upgrade's) and opens the connection, whose
 * {@code welcome} becomes {@code CONNECTED}. Each envelope becomes a {@code MESSAGE} per matching
 * subscription; an {@code error} envelope becomes {@code ERROR}, and the session closes, as STOMP requires.
 * <p>
 * Everything but the token's verification runs on the socket's event loop. Frames are handled in order once
 * the inbound message carrying them is parsed, except behind a {@code CONNECT} in progress: those wait for it
 * (at most one inbound burst of them, the next closes the session with 1008), and so does the socket's end.
 * Bytes that are no STOMP frame are an {@code ERROR invalid_frame}, whichever check of the parser's or the
 * session's finds them.
 */
final class StompSession implements Transport {

    private static final Logger LOG = Logger.getLogger(StompSession.class);
    private static final String ROOM_TOPIC = "/topic/rooms.";
    private static final String USER_QUEUE = "/user/queue/events";
    private static final String TYPING_PREFIX = "/app/rooms.";
    private static final String TYPING_SUFFIX = ".typing";
    private static final String BEARER = "Bearer ";
    /** A {@code content-length} of zero, however written (CR LF, leading zeros), with the EOL before it. */
    private static final Pattern ZERO_LENGTH = Pattern.compile("\ncontent-length:0+\r?(?=\n)");
    private static final Pattern HEART_BEAT = Pattern.compile("([0-9]+),([0-9]+)");
    /** What an {@code ERROR} frame's body quotes of the client's bytes, at most. */
    private static final int MAX_DETAIL = 200;
    private static final List<String> VERSIONS = List.of("1.2", "1.1", "1.0");
    /** Envelopes that go to the user's queue, besides those without a room. */
    private static final Set<String> USER_LEVEL = Set.of("member.joined", "member.left", "room.created", "room.updated",
            "room.deleted");

    private final WebSocketConnection socket;
    private final ConnectionService connections;
    private final ClientFrames clientFrames;
    private final RoomIndex index;
    private final JWTParser tokens;
    private final Vertx vertx;
    private final long heartBeat;
    private final int maxConnectionsPerUser;
    /**
     * What the parser may hold of one frame not yet complete: its body's limit, {@code max-frame-bytes}, and
     * as much again for its command and headers. The parser buffers a line without its end across messages.
     */
    private final int maxIncompleteFrameBytes;
    private final FrameParser parser;
    private final Context eventLoop;
    /** Frames that arrived while {@code CONNECT} is in progress, in order. */
    private final ArrayDeque<Frame> waiting = new ArrayDeque<>();
    /** Frames parsed from the inbound message being received, handled once it is parsed (see {@link #receive}). */
    private final ArrayDeque<Frame> parsed = new ArrayDeque<>();
    /** Why the inbound message being received is no STOMP, from its first malformed frame on; null if it is. */
    private String malformed;
    /** Bytes received since the parser last completed a frame. */
    private long unparsed;
    private boolean connecting;
    /** The socket ended while {@code CONNECT} was in progress: {@link #closed()} runs when it ends. */
    private boolean closedWhileConnecting;
    /** Set by {@link #close}: what arrives after it is not handled. */
    private boolean closing;
    /** subscription id → destination */
    private final Map<String, String> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong();
    private volatile Connection connection;
    private String version;
    private long clientReceives;
    private long heartBeatTimer = -1;

    /** @param parserOptions the frame parser's limits, one instance for every session (a parser only reads them) */
    StompSession(WebSocketConnection socket, ConnectionService connections, ClientFrames clientFrames, RoomIndex index,
            JWTParser tokens, Vertx vertx, GatewayConfig config, StompServerOptions parserOptions) {
        this.socket = socket;
        this.connections = connections;
        this.clientFrames = clientFrames;
        this.index = index;
        this.tokens = tokens;
        this.vertx = vertx;
        this.heartBeat = config.stomp().heartBeat().toMillis();
        this.maxConnectionsPerUser = config.limits().maxConnectionsPerUser();
        this.maxIncompleteFrameBytes = 2 * config.limits().maxFrameBytes();
        this.eventLoop = vertx.getOrCreateContext(); // the socket's: sessions are made in @OnOpen
        this.parser = new FrameParser(parserOptions)
                .handler(this::parsed)
                .errorHandler(e -> malformed(e.getMessage()));
    }

    /**
     * Parses what arrived, then handles its frames in order ({@code CONNECT} asynchronously) and, if some of it
     * was no STOMP, answers that with {@code ERROR invalid_frame}. Handling after parsing keeps the handling's
     * own exceptions (a 1011) apart from the parser's (a client's fault), and the parser is not used again
     * after an exception left it halfway through a frame: the session is closing.
     */
    void receive(Buffer data) {
        if (closing) {
            return;
        }
        unparsed += data.length();
        try {
            parser.handle(withoutZeroContentLength(data));
        } catch (FrameException | IllegalArgumentException e) {
            // vertx-stomp 4.5 reports some errors to its error handler but lets these through: an undefined
            // escape in a header value (HeaderCodec), a content-length that is no int > 0 (parseInt,
            // RecordParser.fixedSizeMode)
            malformed(e.getMessage());
        }
        while (!parsed.isEmpty()) {
            arrived(parsed.poll());
        }
        if (malformed != null) {
            String detail = malformed;
            malformed = null;
            if (!closing) {
                error(null, StompErrorCodes.INVALID_FRAME, detail);
            }
        } else if (unparsed > maxIncompleteFrameBytes && !closing) {
            error(null, StompErrorCodes.INVALID_FRAME, "A frame is limited to " + maxIncompleteFrameBytes + " bytes");
        }
    }

    private void parsed(Frame frame) {
        unparsed = 0;
        if (malformed == null) { // what follows a malformed frame is not read
            parsed.add(frame);
        }
    }

    private void malformed(String detail) {
        if (malformed == null) {
            malformed = String.valueOf(detail);
        }
    }

    private void arrived(Frame frame) {
        if (closing) {
            return;
        }
        String invalid = invalid(frame);
        if (invalid != null) {
            error(frame, StompErrorCodes.INVALID_FRAME, invalid);
        } else if (!connecting || frame.getCommand() == Command.PING) { // a heart-beat has nothing to wait for
            handle(frame);
        } else if (clientFrames.mayWait(waiting.size() + 1, this::end)) {
            waiting.add(frame);
        }
    }

    /**
     * Why a frame the parser made is no STOMP 1.2 frame, null if it is: the parser takes any command line
     * (case-sensitive, {@code UNKNOWN} otherwise; {@code PING} is its name for a heart-beat) and decodes
     * header values but not names, whose undefined escapes are as fatal (the spec).
     */
    private static String invalid(Frame frame) {
        if (frame == Frames.ping()) {
            return null;
        }
        if (frame.getCommand() == Command.UNKNOWN || frame.getCommand() == Command.PING) {
            return "Unknown command "
                    + frame.getHeaders().getOrDefault(Frame.STOMP_FRAME_COMMAND, frame.getCommand().name());
        }
        // as the parser decodes values: CONNECT and CONNECTED escape nothing but the backslash
        boolean connect = frame.getCommand() == Command.CONNECT || frame.getCommand() == Command.CONNECTED;
        for (String name : frame.getHeaders().keySet()) {
            if (name.indexOf('\\') >= 0) {
                try {
                    HeaderCodec.decode(name, connect);
                } catch (FrameException e) {
                    return "Header " + name + ": " + e.getMessage();
                }
            }
        }
        return null;
    }

    /**
     * vertx-stomp 4.5's parser fails on {@code content-length:0} (a zero-size record); an empty body ends
     * at its NUL just as well without the header, and the bodies of client frames are not used here.
     */
    private static Buffer withoutZeroContentLength(Buffer data) {
        String text = data.toString(StandardCharsets.UTF_8);
        return text.contains("content-length:0") ? Buffer.buffer(ZERO_LENGTH.matcher(text).replaceAll("")) : data;
    }

    void alive() {
        if (connection != null) {
            connection.touch();
        }
    }

    void closed() {
        if (connecting) {
            closedWhileConnecting = true;
            return;
        }
        vertx.cancelTimer(heartBeatTimer);
        if (connection != null) {
            connections.closed(connection);
        }
    }

    private void handle(Frame frame) {
        if (frame.getCommand() == Command.PING) {
            alive();
        } else if (frame.getCommand() == Command.CONNECT || frame.getCommand() == Command.STOMP) {
            connecting = true;
            connect(frame).subscribe().with(done -> eventLoop.runOnContext(v -> connectEnded()), failure -> eventLoop.runOnContext(v -> {
                LOG.warnf(failure, "STOMP CONNECT of %s failed", socket.id());
                close(CloseCode.INTERNAL_ERROR, "CONNECT failed");
                connectEnded();
            }));
        } else if (connection == null) {
            error(frame, StompErrorCodes.NOT_CONNECTED, "CONNECT first");
        } else if (clientFrames.inbound(connection)) {
            switch (frame.getCommand()) {
                case SUBSCRIBE -> subscribe(frame);
                case UNSUBSCRIBE -> unsubscribe(frame);
                case SEND -> send(frame);
                case DISCONNECT -> {
                    receipt(frame);
                    connection.close(CloseCode.NORMAL, "DISCONNECT");
                }
                default -> error(frame, StompErrorCodes.UNSUPPORTED, frame.getCommand() + " is not supported");
            }
        }
    }

    /**
     * {@code CONNECT} ended (whatever its outcome): the frames that waited for it, unless it closed the session
     * (as for frames arriving after the close, see {@link #arrived}), then the socket's end if it came.
     */
    private void connectEnded() {
        connecting = false;
        while (!connecting && !closing && !waiting.isEmpty()) {
            handle(waiting.poll());
        }
        if (closedWhileConnecting && !connecting) {
            closedWhileConnecting = false;
            closed();
        }
    }

    private Uni<Void> connect(Frame frame) {
        if (connection != null) {
            error(frame, StompErrorCodes.ALREADY_CONNECTED, "This session is connected already");
            return Uni.createFrom().voidItem();
        }
        String accepted = frame.getHeader(Frame.ACCEPT_VERSION);
        version = VERSIONS.stream().filter(v -> accepted == null ? v.equals("1.0") : List.of(accepted.split(",")).contains(v))
                .findFirst().orElse(null);
        if (version == null) {
            error(frame, StompErrorCodes.VERSION, "Supported versions are " + String.join(",", VERSIONS));
            return Uni.createFrom().voidItem();
        }
        Frame.Heartbeat client = heartBeat(frame.getHeader(Frame.HEARTBEAT));
        if (client == null) {
            error(frame, StompErrorCodes.INVALID_FRAME,
                    "heart-beat must be <cx>,<cy>, in ms from 0 to " + Integer.MAX_VALUE);
            return Uni.createFrom().voidItem();
        }
        Frame.Heartbeat server = new Frame.Heartbeat((int) heartBeat, (int) heartBeat);
        clientReceives = Frame.Heartbeat.computePongPeriod(client, server);
        String token = token(frame);
        if (token == null) {
            error(frame, StompErrorCodes.UNAUTHORIZED, "A bearer token is required (Authorization header or passcode)");
            return Uni.createFrom().voidItem();
        }
        // the verification may read the key file: off the event loop, then back on it
        return Uni.createFrom().item(() -> parse(token)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(runnable -> eventLoop.runOnContext(v -> runnable.run()))
                .chain(jwt -> {
                    if (jwt == null) {
                        error(frame, StompErrorCodes.UNAUTHORIZED, "The token is not valid");
                        return Uni.createFrom().voidItem();
                    }
                    if (!connections.admit(jwt.getSubject())) {
                        error(frame, StompErrorCodes.TOO_MANY_CONNECTIONS, "At most " + maxConnectionsPerUser + " connections per user");
                        return Uni.createFrom().voidItem();
                    }
                    connection = connections.accept(this, socket.id(), jwt.getSubject(),
                            Instant.ofEpochSecond(jwt.getExpirationTime()), socket.creationTime(),
                            socket.handshakeRequest().remoteAddress());
                    return connections.open(connection);
                });
    }

    /**
     * The client's {@code heart-beat} ({@code 0,0} without one), null unless it is two non-negative ints
     * ({@code Heartbeat.parse} throws on most others, and would take signs and a third number).
     */
    private static Frame.Heartbeat heartBeat(String header) {
        if (header == null) {
            return new Frame.Heartbeat(0, 0);
        }
        Matcher values = HEART_BEAT.matcher(header);
        if (!values.matches()) {
            return null;
        }
        try {
            return new Frame.Heartbeat(Integer.parseInt(values.group(1)), Integer.parseInt(values.group(2)));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    private String token(Frame frame) {
        String authorization = frame.getHeader("Authorization");
        if (authorization == null) {
            authorization = socket.handshakeRequest().header("Authorization");
        }
        if (authorization != null && authorization.startsWith(BEARER)) {
            return authorization.substring(BEARER.length());
        }
        return frame.getHeader(Frame.PASSCODE);
    }

    private JsonWebToken parse(String token) {
        try {
            return tokens.parse(token);
        } catch (Exception e) {
            LOG.debugf("STOMP CONNECT with a bad token: %s", e.toString());
            return null;
        }
    }

    private void subscribe(Frame frame) {
        String id = frame.getId();
        String destination = frame.getDestination();
        if (id == null || destination == null) {
            error(frame, ErrorCodes.INVALID, "SUBSCRIBE needs id and destination");
        } else if (subscriptions.containsKey(id) || subscriptions.containsValue(destination)) {
            error(frame, ErrorCodes.INVALID, "Subscribed already: " + id + " " + destination);
        } else if (destination.startsWith(ROOM_TOPIC)
                && !index.isMember(connection.userId(), destination.substring(ROOM_TOPIC.length()))) {
            error(frame, ErrorCodes.NOT_MEMBER, "Not a member of room " + destination.substring(ROOM_TOPIC.length()));
        } else if (!destination.startsWith(ROOM_TOPIC) && !destination.equals(USER_QUEUE)) {
            error(frame, ErrorCodes.INVALID, "Unknown destination " + destination);
        } else {
            subscriptions.put(id, destination);
            receipt(frame);
        }
    }

    /** Unsubscribing an id that is not subscribed changes nothing: it succeeds as well. */
    private void unsubscribe(Frame frame) {
        if (frame.getId() == null) {
            error(frame, ErrorCodes.INVALID, "UNSUBSCRIBE needs id");
        } else {
            subscriptions.remove(frame.getId());
            receipt(frame);
        }
    }

    private void send(Frame frame) {
        String destination = String.valueOf(frame.getDestination());
        if (destination.startsWith(TYPING_PREFIX) && destination.endsWith(TYPING_SUFFIX)) {
            clientFrames.typing(connection, destination.substring(TYPING_PREFIX.length(),
                    destination.length() - TYPING_SUFFIX.length()));
            receipt(frame);
        } else {
            error(frame, ErrorCodes.INVALID, "Unknown destination " + destination);
        }
    }

    private void receipt(Frame frame) {
        if (frame.getReceipt() != null) {
            writeFrame(new Frame(Command.RECEIPT, headers(Frame.RECEIPT_ID, frame.getReceipt()), null));
        }
    }

    /** An ERROR frame (with the receipt it answers, if any), then the session closes. */
    private void error(Frame cause, String message, String detail) {
        Map<String, String> headers = headers(Frame.MESSAGE, message, Frame.CONTENT_TYPE, "text/plain");
        if (cause != null && cause.getReceipt() != null) {
            headers.put(Frame.RECEIPT_ID, cause.getReceipt());
        }
        writeFrame(new Frame(Command.ERROR, headers, Buffer.buffer(printable(detail))));
        end(CloseCode.POLICY_VIOLATION, message);
    }

    /**
     * The detail as an ERROR body: it may quote the client's bytes (a destination, a header line), so it is
     * cut short, and control characters go, a NUL above all (the body has no content-length: it would end the frame).
     */
    private static String printable(String detail) {
        String cut = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Closes the connection, or only the socket before {@code CONNECT} made one. */
    private void end(CloseCode code, String reason) {
        if (connection != null) {
            connection.close(code, reason);
        } else {
            close(code, reason);
        }
    }

    @Override
    public void write(OutboundFrame frame, Runnable written) {
        switch (frame.type()) {
            case FrameTypes.WELCOME -> connected();
            case FrameTypes.ERROR -> {
                JsonObject error = new JsonObject(frame.json()).getJsonObject("data");
                error(null, error.getString("code"), error.getString("message"));
            }
            case FrameTypes.PONG -> {
                // STOMP clients use heart-beats
            }
            default -> subscriptions.forEach((id, destination) -> {
                if (matches(destination, frame)) {
                    writeFrame(message(id, destination, frame));
                }
            });
        }
        written.run();
    }

    private static boolean matches(String destination, OutboundFrame frame) {
        if (destination.equals(USER_QUEUE)) {
            return frame.roomId() == null || USER_LEVEL.contains(frame.type());
        }
        return frame.roomId() != null && destination.equals(ROOM_TOPIC + frame.roomId());
    }

    private Frame message(String subscription, String destination, OutboundFrame frame) {
        Map<String, String> headers = headers(Frame.DESTINATION, destination, Frame.SUBSCRIPTION, subscription,
                Frame.MESSAGE_ID, frame.eventId() != null ? frame.eventId() : socket.id() + "-" + messageIds.incrementAndGet(),
                Frame.CONTENT_TYPE, "application/json", "event-type", frame.type(),
                Frame.CONTENT_LENGTH, Integer.toString(frame.bytes()));
        if (frame.seq() != null) {
            headers.put("seq", frame.seq().toString());
        }
        return new Frame(Command.MESSAGE, headers, Buffer.buffer(frame.json()));
    }

    private void connected() {
        Map<String, String> headers = headers(Frame.VERSION, version, Frame.SERVER, "chat-gateway",
                Frame.SESSION, connection.id(), "user-name", connection.userId(),
                Frame.HEARTBEAT, heartBeat + "," + heartBeat);
        writeFrame(new Frame(Command.CONNECTED, headers, null));
        if (clientReceives > 0) {
            heartBeatTimer = vertx.setPeriodic(clientReceives, t -> socket.sendText("\n").subscribe().with(v -> {
            }, f -> {
            }));
        }
    }

    private void writeFrame(Frame frame) {
        socket.sendText(frame.toBuffer().toString(StandardCharsets.UTF_8)).subscribe().with(done -> {
        }, failure -> LOG.debugf("Writing to %s failed: %s", socket.id(), failure));
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Override
    public void close(CloseCode code, String reason) {
        LOG.debugf("Closing STOMP session %s: %s (%d)", socket.id(), reason, code.code());
        closing = true;
        vertx.cancelTimer(heartBeatTimer);
        socket.close(new CloseReason(code.code(), reason)).subscribe().with(done -> {
        }, failure -> LOG.debugf("Closing %s failed: %s", socket.id(), failure));
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public boolean closesWhenSilent() {
        return true;
    }
}
