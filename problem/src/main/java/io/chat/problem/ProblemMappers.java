package io.chat.problem;

import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one mapping from exceptions to RFC 9457 problem details. Every error a client can cause ends
 * here with a 4xx; anything else is a 500 whose body says nothing about the internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String RETRY_AFTER = "Retry-After";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final String BEARER = "Bearer";

    private final ProblemConfig config;

    public ProblemMappers(ProblemConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.fromResponse(e.problem().toResponse());
        if (e.retryAfterSeconds() != null) {
            response.header(RETRY_AFTER, e.retryAfterSeconds());
        }
        if (e.status() == 401) { // RFC 9110 11.6.1: every 401 names a scheme, also a refused sign-in
            response.header(WWW_AUTHENTICATE, BEARER);
        }
        return response.build();
    }

    /** Listed explicitly: Quarkus maps these subtypes itself, and the most specific mapper wins. */
    @ServerExceptionMapper({ ResteasyReactiveViolationException.class, ConstraintViolationException.class })
    public Response validation(ConstraintViolationException e) {
        return violations(e);
    }

    /** Listed explicitly for the same reason: Quarkus REST Jackson has its own mappers for the subtypes. */
    @ServerExceptionMapper({ MismatchedInputException.class, InvalidFormatException.class, JsonProcessingException.class })
    public Response json(JsonProcessingException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return Problem.of(status, "The server could not complete the request").toResponse();
        }
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        return Problem.of(status, detail(e, status)).toResponse();
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthorized() {
        return problem(ProblemException.unauthorized("A valid bearer token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "Not allowed").toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.warnf("Database unavailable, answering 503: %s", e.toString());
            return Response.fromResponse(Problem.of(503, "The service is temporarily unavailable; try again shortly")
                    .toResponse()).header(RETRY_AFTER, config.retryAfter().toSeconds()).build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s", errorId);
        return Problem.of(500, "Unexpected error, reference " + errorId).toResponse();
    }

    private static Response violations(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return Problem.invalid("The request is not valid", violations).toResponse();
    }

    /** The last node of the property path: the body field or parameter name a client knows. */
    private static String field(ConstraintViolation<?> violation) {
        String name = "";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return name;
    }

    private static Response jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            if (field != null) {
                return Problem.invalid("The request body is not valid",
                        List.of(new Problem.Violation(field, "has the wrong type or format"))).toResponse();
            }
        }
        return Problem.of(400, "The request body is not valid JSON of the expected shape").toResponse();
    }

    private static String detail(WebApplicationException e, int status) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "No acceptable representation";
            case 413 -> "The request body is too large";
            case 415 -> "Unsupported media type; send application/json";
            default -> e.getMessage();
        };
    }
}
