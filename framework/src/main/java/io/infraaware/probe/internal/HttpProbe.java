package io.infraaware.probe.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;

/**
 * Probes an HTTP service by GETting its health path: 2xx is up unless the body says degraded.
 *
 * <p>Bodies in the common health formats are read: Spring Boot Actuator, MicroProfile Health and
 * the IETF health-check draft all put a {@code status} at the top.
 */
public final class HttpProbe extends ProtocolProbe {

  private static final Set<String> DEGRADED_WORDS = Set.of("DEGRADED", "WARN", "WARNING");
  private static final Set<String> DOWN_WORDS =
      Set.of("DOWN", "FAIL", "UNHEALTHY", "OUT_OF_SERVICE", "ERROR");

  private final ObjectMapper json = new ObjectMapper();

  // Built on the first HTTP probe: a JDK HttpClient starts its selector thread when built, and
  // most runs probe no HTTP service at all.
  private volatile HttpClient client;

  /**
   * Creates the probe.
   *
   * @param hints the fix hints
   */
  public HttpProbe(Hints hints) {
    super(hints);
  }

  @Override
  Answer handshake(ServiceDefinition service, Deadline deadline)
      throws IOException, InterruptedException {
    URI uri = healthUri(service);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(deadline.remaining())
            .header("Accept", "application/json, */*")
            .header("User-Agent", "infraaware-probe")
            .GET()
            .build();
    HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
    String version = response.headers().firstValue("Server").orElse(null);
    int status = response.statusCode();
    String where =
        "GET " + service.endpoint().maskedUrl() + service.healthPath() + " answered " + status;
    if (status >= 200 && status < 300) {
      String word = statusWord(response.body());
      if (DOWN_WORDS.contains(word)) {
        return new Answer(
            version, new Failure(DiagnosisCode.UNHEALTHY, where + " with status " + word));
      }
      if (DEGRADED_WORDS.contains(word) || (word.isEmpty() && mentionsDegraded(response.body()))) {
        return new Answer(
            version, new Failure(DiagnosisCode.DEGRADED, where + " and says degraded"));
      }
      return Answer.up(version);
    }
    if (status == 401 || status == 403) {
      return new Answer(version, new Failure(DiagnosisCode.AUTHENTICATION_REJECTED, where));
    }
    if (status == 404 || status == 410) {
      return new Answer(version, new Failure(DiagnosisCode.RESOURCE_MISSING, where));
    }
    String word = statusWord(response.body());
    return new Answer(
        version,
        new Failure(
            DiagnosisCode.UNHEALTHY, where + (word.isEmpty() ? "" : " with status " + word)));
  }

  private HttpClient client() {
    HttpClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .followRedirects(HttpClient.Redirect.NORMAL)
                  .build();
          client = current;
        }
      }
    }
    return current;
  }

  private static URI healthUri(ServiceDefinition service) {
    String base = service.endpoint().url();
    String path = service.healthPath();
    if (path.isEmpty()) {
      return URI.create(base);
    }
    return URI.create(
        base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
  }

  private String statusWord(String body) {
    try {
      JsonNode node = json.readTree(body);
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
}
