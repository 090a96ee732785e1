package io.chat.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket upgrade request over a plain socket, to read what a refused upgrade answers (status,
 * headers, body), which WebSocket clients do not show.
 */
public record RawUpgrade(int status, Map<String, String> headers, String body) {

    private static final int SO_TIMEOUT_MILLIS = 20_000;

    /** {@code GET /ws} on the gateway at {@code port} with the upgrade headers plus {@code extraHeaders} ("Name: value"). */
    public static RawUpgrade of(int port, String... extraHeaders) {
        try (Socket socket = send(port, "GET", "/ws", true, extraHeaders)) {
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code method path} with only Host and {@code headers}: a handshake as malformed as a test needs. */
    public static RawUpgrade request(int port, String method, String path, String... headers) {
        try (Socket socket = send(port, method, path, false, headers)) {
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the request (an upgrade of {@code path}, or a plain GET when {@code upgrade} is false), reads the
     * answer's head and first byte, then resets the connection (RST) as a client that vanishes does.
     *
     * @return the answer's status
     */
    public static int openAndReset(int port, String path, boolean upgrade, String... extraHeaders) {
        try (Socket socket = send(port, "GET", path, upgrade, extraHeaders)) {
            int status = Integer.parseInt(readHead(socket.getInputStream()).split(" ")[1]);
            socket.getInputStream().read(); // the first byte of the welcome
            socket.setSoLinger(true, 0);
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket send(int port, String method, String path, boolean upgrade, String... extraHeaders)
            throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");
        if (upgrade) {
            request.append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        }
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        request.append("\r\n");
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout(SO_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static RawUpgrade read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new RawUpgrade(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed before the response head ended: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    public String contentType() {
        return headers.getOrDefault("content-type", "");
    }
}
