package io.infraaware.nats.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads NATS's {@code INFO} line (the server's version, whether it wants TLS and credentials), then
 * sends {@code CONNECT} with the configured credentials and {@code PING}, and waits for {@code
 * PONG}.
 */
final class NatsProbe implements ServiceProbe {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException {
    ServiceEndpoint endpoint = context.endpoint();
    try (ProbeConnection connection = context.connect()) {
      connection.awaitAnswer(true);
      byte[] first = connection.peek(32);
      String line = connection.readLine();
      if (!line.startsWith("INFO ")) {
        throw context.mismatch(first);
      }
      JsonNode info;
      try {
        info = JSON.readTree(line.substring(5));
      } catch (IOException e) {
        throw context.mismatch(first);
      }
      String version = info.path("version").asText(null);
      context.version(version);
      if (info.path("tls_required").asBoolean(false)) {
        connection.startTls(true);
      }
      connection.send(connect(endpoint) + "\r\nPING\r\n", "CONNECT and PING");
      while (true) {
        String reply = connection.readLine();
        String upper = reply.toUpperCase(Locale.ROOT);
        if (upper.equals("PONG")) {
          return context.up(version);
        }
        if (upper.startsWith("-ERR")) {
          throw failure(context, reply, info);
        }
        if (upper.equals("PING")) {
          connection.send("PONG\r\n", "PONG");
        }
        // +OK and INFO updates: read on
      }
    }
  }

  private static String connect(ServiceEndpoint endpoint) {
    ObjectNode connect = JSON.createObjectNode();
    connect.put("verbose", false);
    connect.put("pedantic", false);
    connect.put("name", "infraaware-probe");
    connect.put("lang", "java");
    connect.put("version", "0");
    connect.put("protocol", 1);
    if (endpoint.password().isPresent()) {
      connect.put("user", endpoint.username().orElse(""));
      connect.put("pass", endpoint.password().get());
    } else if (endpoint.username().isPresent()) {
      // nats://token@host: user-info without a password is a token
      connect.put("auth_token", endpoint.username().get());
    }
    return "CONNECT " + connect;
  }

  private static ProbeFailure failure(ProbeContext context, String reply, JsonNode info) {
    String error = context.endpoint().scrub(reply.substring(4).trim());
    String lower = error.toLowerCase(Locale.ROOT);
    String detail = "NATS at " + context.endpoint().address() + " answered CONNECT: " + error;
    if (lower.contains("authorization") || lower.contains("authentication")) {
      boolean noCredentials =
          context.endpoint().username().isEmpty() && context.endpoint().password().isEmpty();
      return new ProbeFailure(
          DiagnosisCode.AUTHENTICATION_REJECTED,
          noCredentials && info.path("auth_required").asBoolean(false)
              ? detail + " (the server requires credentials and none are configured)"
              : detail);
    }
    if (lower.contains("tls")) {
      return new ProbeFailure(DiagnosisCode.TLS_FAILURE, detail);
    }
    if (lower.contains("maximum connections")) {
      return new ProbeFailure(DiagnosisCode.UNHEALTHY, detail);
    }
    return new ProbeFailure(DiagnosisCode.PROBE_FAILED, detail);
  }

  @Override
  public boolean recognises(byte[] answer) {
    return new String(answer, StandardCharsets.US_ASCII).startsWith("INFO ");
  }
}
