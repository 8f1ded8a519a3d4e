package io.infraaware.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.infraaware.run.internal.RunSummary;
import io.infraaware.runtime.internal.SecretText;
import io.infraaware.testing.TestServices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The review's secret vectors that need a probe: what the skip reason and summary print. */
class SecretVectorTests {

  private HttpServer http;

  @AfterEach
  void stop() {
    if (http != null) {
      http.stop(0);
    }
  }

  private String probeText(String healthPath, int status, String location) throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    http.start();
    Map<String, String> settings = new HashMap<>();
    settings.put("infra.probe.timeout", "2s");
    settings.put("infra.services.web.url", "http://127.0.0.1:" + http.getAddress().getPort());
    settings.put("infra.services.web.health-path", healthPath);
    ProbeResult result = TestServices.probe(settings, "web");
    RunSummary summary = new RunSummary();
    summary.recordProbe(result);
    return result.describe()
        + "\n"
        + result.diagnosis().map(d -> d.detail() + "\n" + d.hint()).orElse("")
        + "\n"
        + summary.toJson();
  }

  @ParameterizedTest
  @ValueSource(strings = {"key", "auth", "jwt", "sig", "X-Amz-Signature", "anything"})
  void everyQueryValueOfAHealthPathIsMasked(String parameter) throws IOException {
    String text = probeText("/health?" + parameter + "=s3cr3tT0ken%20zqxtail", 503, null);
    assertThat(text)
        .contains("/health?" + parameter + "=****")
        .doesNotContain("s3cr3tT0ken")
        .doesNotContain("zqxtail");
  }

  @Test
  void aLocationThatCarriesTheHealthPathBackPrintsNoToken() throws IOException {
    String text =
        probeText(
            "/health?token=s3cr3tT0ken", 302, "/login?next=/health%3Ftoken%3Ds3cr3tT0ken&x=1");
    assertThat(text)
        .contains("redirects to [/login?next=****&x=****]")
        .doesNotContain("s3cr3tT0ken")
        .doesNotContain("T0ken");
  }

  @Test
  void aLoggedExceptionLosesEveryConfiguredSecretButKeepsItsStackTrace() {
    SecretText.remember("logged-s3cret-pw");
    SQLException thrown =
        new SQLException(
            "FATAL: password authentication failed for user \"logged-s3cret-pw\"",
            new IOException("connect to redis://u:logged-s3cret-pw@127.0.0.1:6379 failed"));
    Throwable scrubbed = SecretText.scrub(thrown);
    StringWriter printed = new StringWriter();
    scrubbed.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString())
        .contains("java.sql.SQLException: FATAL: password authentication failed for user \"****\"")
        .contains("redis://****@127.0.0.1:6379")
        .contains("SecretVectorTests")
        .doesNotContain("s3cret");
  }
}
