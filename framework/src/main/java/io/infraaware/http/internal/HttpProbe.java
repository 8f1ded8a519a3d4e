package io.infraaware.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.probe.ProbeFailure;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * GETs an HTTP service's health path: 2xx is up unless the body says degraded or down. Bodies in
 * the common health formats are read: Spring Boot Actuator, MicroProfile Health and the IETF
 * health-check draft all put a {@code status} at the top.
 */
final class HttpProbe implements ServiceProbe {

  private static final Set<String> DEGRADED_WORDS = Set.of("DEGRADED", "WARN", "WARNING");
  private static final Set<String> DOWN_WORDS =
      Set.of("DOWN", "FAIL", "UNHEALTHY", "OUT_OF_SERVICE", "ERROR");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public ProbeResult probe(ProbeContext context) throws IOException {
    ServiceDefinition service = context.service();
    ServiceEndpoint endpoint = context.endpoint();
    HttpAnswer answer;
    try (ProbeConnection connection = context.connectAsTheSchemeSays()) {
      connection.send(
          HttpAnswer.request(
              endpoint, target(service), "Accept: application/json, */*\r\nConnection: close\r\n"),
          "GET " + service.maskedHealthUrl());
      answer = HttpAnswer.read(context, connection, true);
    }
    String version = answer.header("Server").orElse(null);
    context.version(version);
    int status = answer.status();
    String where = "GET " + service.maskedHealthUrl() + " answered " + status;
    if (status >= 200 && status < 300) {
      String word = statusWord(answer.body());
      if (DOWN_WORDS.contains(word)) {
        throw new ProbeFailure(DiagnosisCode.UNHEALTHY, where + " with status " + word);
      }
      if (DEGRADED_WORDS.contains(word) || (word.isEmpty() && mentionsDegraded(answer.body()))) {
        return context.degraded(version, where + " and says degraded");
      }
      return context.up(version);
    }
    if (status >= 300 && status < 400) {
      throw new ProbeFailure(
          DiagnosisCode.RESOURCE_MISSING,
          where
              + " and redirects to ["
              + endpoint.scrub(
                  io.infraaware.config.internal.Secrets.mask(
                      "Location", answer.header("Location").orElse("?")))
              + "]: probes follow no redirects, so point the URL or health path at where it leads");
    }
    if (status == 401 || status == 403) {
      throw new ProbeFailure(DiagnosisCode.AUTHENTICATION_REJECTED, where);
    }
    if (status == 404 || status == 410) {
      throw new ProbeFailure(DiagnosisCode.RESOURCE_MISSING, where);
    }
    String word = statusWord(answer.body());
    throw new ProbeFailure(
        DiagnosisCode.UNHEALTHY, where + (word.isEmpty() ? "" : " with status " + word));
  }

  /** The request target: the URL's path and query with the health path appended. */
  static String target(ServiceDefinition service) {
    String base = service.endpoint().pathAndQuery();
    int fragment = base.indexOf('#');
    if (fragment >= 0) {
      base = base.substring(0, fragment);
    }
    String path = service.healthPath();
    if (path.isEmpty()) {
      return base.isEmpty() ? "/" : base;
    }
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  private static String statusWord(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.path("status").isTextual()) {
        return node.path("status").asText().trim().toUpperCase(Locale.ROOT);
      }
    } catch (IOException e) {
      // not JSON: the status code alone decides
    }
    return "";
  }

  private static boolean mentionsDegraded(String body) {
    return body != null && body.toLowerCase(Locale.ROOT).contains("degraded");
  }

  @Override
  public boolean recognises(byte[] answer) {
    return new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("HTTP/");
  }
}
