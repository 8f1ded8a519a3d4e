package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The standalone server's flags: those of {@code toxiproxy-server}, and clear errors. */
class StandaloneTests {

  @Test
  void theFlagsOfTheRealServerStartIt(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("proxies.json");
    Files.writeString(
        config, "[{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:5432\"}]");
    String[] args = {
      "-host", "127.0.0.1", "-port", "0", "-config", config.toString(), "--seed=5", "-proxy-metrics"
    };
    try (ToxiproxyServer server = ToxiproxyServerMain.parse(args).start()) {
      assertThat(server.host()).isEqualTo("127.0.0.1");
      assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
      assertThat(get(server, "/proxies"))
          .startsWith("{\"db\":{\"name\":\"db\",\"listen\":\"127.0.0.1:");
      assertThat(get(server, "/metrics")).contains("toxiproxy_proxy_received_bytes_total");
    }
  }

  private static String get(ToxiproxyServer server, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.uri() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-port abc | invalid value \"abc\" for flag -port: parse error",
        "-port 70000 | invalid value \"70000\" for flag -port: parse error",
        "-seed x | invalid value \"x\" for flag -seed: parse error",
        "-proxy-metrics=maybe | invalid value \"maybe\" for flag -proxy-metrics: parse error",
        "-config /no/such/file.json | invalid value \"/no/such/file.json\" for flag -config: no such readable file",
        "-bogus 1 | flag provided but not defined: -bogus",
        "-port | flag needs an argument: -port",
        "stray | unexpected argument \"stray\""
      })
  void aBadFlagIsNamedWithItsValue(String args, String message) {
    assertThatThrownBy(() -> ToxiproxyServerMain.parse(args.split(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aConfigThatIsNotAProxyListStopsTheStart(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("proxies.json");
    Files.writeString(config, "{\"name\":\"db\"}");
    assertThatThrownBy(
            () ->
                ToxiproxyServerMain.parse(new String[] {"-port", "0", "-config", config.toString()})
                    .start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "json: cannot unmarshal object into Go value of type []struct { toxiproxy.Proxy;");
  }
}
