package io.chat.gateway.transport.ws;

import org.jboss.logging.Logger;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.fanout.OutboundFrame;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/** A websockets-next connection as a {@link Transport}: a frame is written out once the socket flushed it. */
final class SocketTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SocketTransport.class);

    private final WebSocketConnection socket;

    SocketTransport(WebSocketConnection socket) {
        this.socket = socket;
    }

    @Override
    public void write(OutboundFrame frame, Runnable written) {
        socket.sendText(frame.json()).subscribe().with(done -> written.run(), failure -> written.run());
    }

    @Override
    public void close(CloseCode code, String reason) {
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
