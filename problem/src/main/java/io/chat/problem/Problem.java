package io.chat.problem;

import java.util.List;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** An RFC 9457 problem details body. {@code violations} only on validation failures. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @RegisterForReflection
    public record Violation(String field, String message) {
    }

    public static Problem of(int status, String detail) {
        return new Problem("about:blank", title(status), status, detail, null);
    }

    public static Problem invalid(String detail, List<Violation> violations) {
        return new Problem("about:blank", title(400), 400, detail, violations);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** Ends a Vert.x response with this problem: for route filters, which answer before any resource. */
    public void send(HttpServerResponse response, ObjectMapper mapper) {
        String body;
        try {
            body = mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE).end(body);
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 422 ? "Unprocessable Content" : "HTTP " + status;
    }
}
