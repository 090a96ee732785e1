package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.ws.FrameTypes;
import io.chat.testkit.ChatClient;
import io.chat.testkit.PollClient;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;

/**
 * A member's client of one room as a chat app uses the gateway: it shows the room's messages as they
 * arrive ({@link #seqs()}, what the user sees, in arrival order) and, after losing its gateway, reconnects
 * to another instance and recovers what it missed in one of the ways of {@link Kind}.
 */
abstract class RoomClient implements AutoCloseable {

    /** How a client recovers after a reconnect. */
    enum Kind {
        /** WebSocket; fetches {@code GET /rooms/{id}/messages?after=} and skips the live repeats itself. */
        HISTORY,
        /** WebSocket; sends {@code resume} (its last seq) as the new socket's first frame. */
        RESUME,
        /** Long-polling; a new session on the new instance, {@code resume} through {@code POST /poll/{id}/frames}. */
        POLL
    }

    private static final String CREATED = "message.created";
    private static final Duration POLL_WAIT = Duration.ofSeconds(2);

    final Kind kind;
    final SystemStack system;
    final ChatClient.Account account;
    final String room;
    private final List<Integer> seqs = new ArrayList<>();
    /** Seqs up to this one came from the history API; the live stream's copies are repeats. */
    private int recovered;
    private int resumes;

    private RoomClient(Kind kind, SystemStack system, ChatClient.Account account, String room) {
        this.kind = kind;
        this.system = system;
        this.account = account;
        this.room = room;
    }

    /** A client of the kind, connected to the gateway (a socket has its welcome, a poll session is open). */
    static RoomClient open(Kind kind, SystemStack system, ServiceProcess gateway, ChatClient.Account account, String room) {
        RoomClient client = kind == Kind.POLL ? new Poll(system, account, room) : new Socket(kind, system, account, room);
        client.connect(gateway, null);
        return client;
    }

    /** A new member that {@code owner} adds to the room, connected to the gateway with a client of the kind. */
    static RoomClient newMember(SystemStack system, ChatClient owner, String room, Kind kind, ServiceProcess gateway) {
        ChatClient.Account member = system.signUp();
        assertEquals(201, owner.post("/rooms/" + room + "/members", Map.of("userId", member.id())).status());
        return open(kind, system, gateway, member, room);
    }

    /** The room's seqs the user has seen, in the order they arrived. */
    List<Integer> seqs() {
        return List.copyOf(seqs);
    }

    /**
     * What the user saw: every seq from 1 to {@code last} exactly once, in order, with one exception per
     * {@code resume} that the gateway documents: messages that reached the new connection live before its
     * {@code resume} was handled come before the replay, and again in it (the replay is every seq after the
     * client's). A long-poll client can send {@code resume} only once its session exists, so under a stream
     * of posts that happens. Without those early copies (each seq's last arrival), every seq once in order.
     */
    void assertEverySeqOnceInOrder(int last) {
        List<Integer> all = IntStream.rangeClosed(1, last).boxed().toList();
        assertEquals(all, seqs.stream().sorted().distinct().toList(), kind + ": every seq, none lost, in " + seqs);
        List<Integer> lastArrivals = IntStream.range(0, seqs.size()).filter(i -> seqs.lastIndexOf(seqs.get(i)) == i)
                .mapToObj(seqs::get).toList();
        assertEquals(all, lastArrivals, kind + ": once in order but for live copies ahead of a replay, in " + seqs);
        List<Integer> earlier = new ArrayList<>();
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) < seqs.get(i - 1)) {
                earlier.add(seqs.get(i - 1));
            }
        }
        assertTrue(earlier.size() <= resumes, () -> kind + ": live messages ahead of a replay once per resume, in " + seqs);
        if (!earlier.isEmpty()) {
            System.out.printf("[%s] live seqs up to %s arrived before their resume's replay, and again in it%n", kind, earlier);
        }
    }

    /**
     * Reads what arrives until each client's user has seen {@code seq}, taking turns (a long-poll session
     * that nobody polls would expire); fails if that takes longer than {@code timeout}.
     */
    static void awaitSeq(List<RoomClient> clients, int seq, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RoomClient> waiting = new ArrayList<>(clients);
        while (!waiting.isEmpty()) {
            for (RoomClient client : List.copyOf(waiting)) {
                if (client.seqs.contains(seq)) {
                    waiting.remove(client);
                } else if (System.nanoTime() > deadline) {
                    throw new AssertionError(client.kind + ": seq " + seq + " did not arrive within " + timeout + "; saw "
                            + client.seqs);
                } else {
                    Integer next = client.next(POLL_WAIT);
                    if (next != null) {
                        client.show(next);
                    }
                }
            }
        }
    }

    /** Whether the connection ended (the instance went away) within {@code timeout}. */
    abstract boolean awaitLost(Duration timeout);

    /** Shows what had arrived before the connection ended, then connects to {@code gateway} and recovers the rest. */
    void reconnect(ServiceProcess gateway) {
        for (Integer seq = drained(); seq != null; seq = drained()) {
            show(seq);
        }
        int last = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        connect(gateway, Map.of("type", FrameTypes.RESUME, "rooms", Map.of(room, last)));
        if (kind != Kind.HISTORY) {
            resumes++;
        } else {
            for (JsonNode missed : system.chat(account).get("/rooms/" + room + "/messages?limit=200&after=" + last).body()) {
                show(missed.path("seq").asInt());
            }
            recovered = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        }
    }

    private void show(int seq) {
        if (seq > recovered) {
            seqs.add(seq);
        }
    }

    /** Connects; a {@link Kind#RESUME} or {@link Kind#POLL} client then sends {@code resume} unless it is null. */
    abstract void connect(ServiceProcess gateway, Map<String, Object> resume);

    /** The next seq of the room that arrives within {@code timeout}, or null. */
    abstract Integer next(Duration timeout);

    /** A seq that had arrived already, or null. */
    abstract Integer drained();

    @Override
    public abstract void close();

    private static Integer seqOf(JsonNode frame, String room) {
        return CREATED.equals(frame.path("type").asText()) && room.equals(frame.path("roomId").asText())
                ? frame.path("data").path("seq").asInt()
                : null;
    }

    private static final class Socket extends RoomClient {
        private SocketClient socket;

        Socket(Kind kind, SystemStack system, ChatClient.Account account, String room) {
            super(kind, system, account, room);
        }

        @Override
        void connect(ServiceProcess gateway, Map<String, Object> resume) {
            if (socket != null) {
                socket.close();
            }
            if (resume == null || kind == Kind.HISTORY) {
                socket = system.connect(gateway, account);
            } else {
                // the resume goes first, before welcome, so no live message precedes the replay
                socket = SocketClient.connect(SocketClient.builder().header("Authorization", "Bearer " + account.token()),
                        SocketClient.wsUri(gateway.url()));
                socket.send(resume);
            }
        }

        @Override
        Integer next(Duration timeout) {
            try {
                JsonNode frame = Frames.next(socket, CREATED, room, timeout);
                return frame == null ? null : seqOf(frame, room);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        Integer drained() {
            try {
                for (JsonNode frame = socket.next(Duration.ZERO); frame != null; frame = socket.next(Duration.ZERO)) {
                    Integer seq = seqOf(frame, room);
                    if (seq != null) {
                        return seq;
                    }
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        boolean awaitLost(Duration timeout) {
            return socket.closeCode(timeout) != null;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static final class Poll extends RoomClient {
        private final Deque<Integer> arrived = new ArrayDeque<>();
        private PollClient session;
        private boolean lost;

        Poll(SystemStack system, ChatClient.Account account, String room) {
            super(Kind.POLL, system, account, room);
        }

        @Override
        void connect(ServiceProcess gateway, Map<String, Object> resume) {
            // the old session lived on the instance that went away; a new instance knows nothing of it
            session = PollClient.open(gateway.url(), account.token());
            lost = false;
            if (resume != null && session.send(resume) != 202) {
                throw new AssertionError("POST /poll/{id}/frames refused the resume frame");
            }
        }

        @Override
        Integer next(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (arrived.isEmpty() && !lost && System.nanoTime() < deadline) {
                poll();
            }
            return arrived.poll();
        }

        @Override
        Integer drained() {
            return arrived.poll();
        }

        @Override
        boolean awaitLost(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!lost && System.nanoTime() < deadline) {
                poll();
            }
            return lost;
        }

        /** One poll; the connection refused or reset, or the session unknown (404), is a lost session. */
        private void poll() {
            try {
                for (JsonNode event : session.poll(POLL_WAIT)) {
                    Integer seq = seqOf(event, room);
                    if (seq != null) {
                        arrived.add(seq);
                    }
                }
                lost = session.ended();
            } catch (UncheckedIOException e) {
                lost = true;
            }
        }

        @Override
        public void close() {
            if (!lost) {
                session.close();
            }
        }
    }
}
