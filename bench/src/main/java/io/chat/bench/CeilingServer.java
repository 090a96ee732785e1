package io.chat.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

/**
 * The fan-out ceiling of {@code bench/run.sh fanout}: a bare Vert.x WebSocket broadcast server, run by the
 * bench as a JVM of its own so that its CPU is measured apart from the gateway's. No authentication, no
 * Kafka: sockets on {@value #SUBSCRIBE} receive every text message that arrives on {@value #PUBLISH},
 * written to each of them as it arrives ({@code writeTextMessage} per socket), as naive broadcast
 * servers do. One verticle instance per core, like Vert.x's event loops in the gateway.
 *
 * <p>Arguments: the port, then {@code true} to run on the native transport (epoll) instead of Vert.x's
 * default JDK NIO.
 */
public final class CeilingServer {

    static final String SUBSCRIBE = "/sub";
    static final String PUBLISH = "/pub";
    /** Printed on stdout once the server listens. */
    static final String READY = "ceiling listening";

    private CeilingServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        Set<ServerWebSocket> subscribers = ConcurrentHashMap.newKeySet();
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(Boolean.parseBoolean(args[1])));
        System.out.println("ceiling transport: " + (vertx.isNativeTransportEnabled() ? "epoll" : "nio"));
        CountDownLatch listening = new CountDownLatch(1);
        vertx.deployVerticle(() -> new Broadcast(port, subscribers),
                new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
                .onSuccess(id -> listening.countDown())
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
        listening.await();
        System.out.println(READY);
    }

    private static final class Broadcast extends AbstractVerticle {
        private final int port;
        private final Set<ServerWebSocket> subscribers;

        Broadcast(int port, Set<ServerWebSocket> subscribers) {
            this.port = port;
            this.subscribers = subscribers;
        }

        @Override
        public void start(io.vertx.core.Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
                    .webSocketHandler(ws -> {
                        if (SUBSCRIBE.equals(ws.path())) {
                            subscribers.add(ws);
                            ws.closeHandler(v -> subscribers.remove(ws));
                        } else if (PUBLISH.equals(ws.path())) {
                            ws.textMessageHandler(text -> subscribers.forEach(s -> s.writeTextMessage(text)));
                        } else {
                            ws.reject(404);
                        }
                    })
                    .listen()
                    .<Void> mapEmpty()
                    .onComplete(started);
        }
    }
}
