package io.chat.chat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Request bodies are read whole before the endpoint runs (problem module, RequestBodies): over raw sockets,
 * a body that arrives in parts, a chunked one (413 past the size limit), one that never arrives (408 after
 * {@code quarkus.http.read-timeout}, 2s in tests), and a client that waits for 100 Continue.
 */
@QuarkusTest
class RequestBodyTest {

    /** Only a failing server leaves a test waiting this long; every answer here comes within seconds. */
    private static final int ANSWER_TIMEOUT_MILLIS = 60_000;

    @TestHTTPResource("/")
    URL server;

    @Test
    void aBodyThatArrivesInPartsIsReadWhole() throws IOException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        byte[] body = "{\"text\": \"sent in two parts\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(headers(alice, room, body.length, "").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            sleep(300);
            out.write(body, 10, body.length - 10);
            out.flush();
            assertThat(statusLine(socket.getInputStream()), containsString(" 201 "));
        }
        alice.request().when().get("/rooms/" + room + "/messages").then().statusCode(200)
                .body("text", contains("sent in two parts"));
    }

    @Test
    void aBodyThatNeverArrivesGets408AndTheConnectionCloses() throws IOException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(headers(alice, room, 100, "").getBytes(StandardCharsets.US_ASCII));
            out.write("{\"text\": \"never fin".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertProblemThenClose(socket, 408);
        }
        alice.request().when().get("/rooms/" + room).then().statusCode(200).body("lastSeq", equalTo(0));
    }

    @Test
    void aChunkedBodyIsReadWhole() throws IOException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(chunkedHeaders(alice, room, "").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk("{\"text\": \"sent in "));
            out.flush();
            sleep(300);
            out.write(chunk("chunks\"}"));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(statusLine(socket.getInputStream()), containsString(" 201 "));
        }
        alice.request().when().get("/rooms/" + room + "/messages").then().statusCode(200)
                .body("text", contains("sent in chunks"));
    }

    /**
     * Over {@code quarkus.http.limits.max-body-size} (64K) without a declared length: a 413 problem, then the
     * close; also when the client first waited for 100 Continue.
     */
    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void aChunkedBodyOverTheLimitGetsA413ProblemAndTheConnectionCloses(boolean expectContinue) throws IOException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(chunkedHeaders(alice, room, expectContinue ? "Expect: 100-continue\r\n" : "")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (expectContinue) {
                assertThat(statusLine(socket.getInputStream()), containsString(" 100 "));
                skipHeaders(socket.getInputStream());
            }
            out.write(chunk("{\"text\": \""));
            for (int i = 0; i < 70; i++) {
                out.write(chunk("x".repeat(1024)));
            }
            out.write(chunk("\"}"));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertProblemThenClose(socket, 413);
        }
        alice.request().when().get("/rooms/" + room).then().statusCode(200).body("lastSeq", equalTo(0));
    }

    @Test
    void aClientThatExpects100ContinueGetsItAndPosts() throws IOException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        byte[] body = "{\"text\": \"after continue\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(headers(alice, room, body.length, "Expect: 100-continue\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(statusLine(in), containsString(" 100 "));
            skipHeaders(in);
            out.write(body);
            out.flush();
            assertThat(statusLine(in), containsString(" 201 "));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
        return socket;
    }

    private static String headers(TestUser user, String room, int contentLength, String extra) {
        return "POST /rooms/" + room + "/messages HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: Bearer " + user.token() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n"
                + extra
                + "\r\n";
    }

    private static String chunkedHeaders(TestUser user, String room, String extra) {
        return "POST /rooms/" + room + "/messages HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: Bearer " + user.token() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + extra
                + "\r\n";
    }

    private static byte[] chunk(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return (Integer.toHexString(bytes.length) + "\r\n" + data + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String statusLine(InputStream in) throws IOException {
        return line(in);
    }

    private static void skipHeaders(InputStream in) throws IOException {
        while (!line(in).isEmpty()) {
            // the 100 Continue's headers, if any
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The server answers with a problem of this status, then closes the connection. */
    private static void assertProblemThenClose(Socket socket, int status) throws IOException {
        String answer = readToEnd(socket.getInputStream());
        assertThat(answer, allOf(startsWith("HTTP/1.1 " + status + " "), containsString("application/problem+json"),
                containsString("\"status\":" + status)));
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
