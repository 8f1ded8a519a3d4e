package io.infraaware.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.Response;

/** JSON in and out of Grizzly requests, and the sample's error answers. */
final class Http {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /**
   * An answer that ends the request: a status and a JSON error naming what is wrong, with a reason
   * a client can switch on where there is one.
   */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;

    Failure(int status, String message) {
      this(status, message, null);
    }

    Failure(int status, String message, String reason) {
      super(message, null, false, false);
      this.status = status;
      this.reason = reason;
    }
  }

  private Http() {}

  /** The largest request body either service takes. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  static final java.nio.charset.Charset UTF_8 = StandardCharsets.UTF_8;

  /** A request body as a JSON object. */
  static JsonNode body(byte[] bytes) throws Failure {
    try {
      JsonNode node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
      if (node == null || !node.isObject()) {
        throw new Failure(400, "the body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Failure(400, "the body is not JSON: " + e.getOriginalMessage());
    }
  }

  static String text(JsonNode body, String field, int maxLength) throws Failure {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual()) {
      throw new Failure(400, "field [" + field + "] must be a non-empty string");
    }
    String problem = problemWithText(value.asText(), maxLength);
    if (problem != null) {
      throw new Failure(400, "field [" + field + "] " + problem);
    }
    return value.asText();
  }

  /**
   * What is wrong with a text field, or null: blank, too long, or holding a NUL character, which
   * PostgreSQL cannot store (so a message with one would never leave the outbox).
   */
  static String problemWithText(String text, int maxLength) {
    if (text.isBlank()) {
      return "must be a non-empty string";
    }
    if (text.length() > maxLength) {
      return "is longer than " + maxLength + " characters";
    }
    if (text.indexOf('\u0000') >= 0) {
      return "must not contain the NUL character";
    }
    return null;
  }

  static void send(Response response, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static void fail(Response response, Failure failure) throws IOException {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("error", failure.getMessage());
    body.put("status", failure.status);
    if (failure.reason != null) {
      body.put("reason", failure.reason);
    }
    send(response, failure.status, body);
  }
}
