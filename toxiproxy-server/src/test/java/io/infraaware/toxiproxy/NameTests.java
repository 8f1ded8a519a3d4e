package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every name the API accepts, for a proxy or a toxic, can be fetched and deleted again. */
class NameTests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ToxiproxyServer server = ToxiproxyServer.builder().start();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return ApiCalls.call(server, method, path, body);
  }

  /** Every byte of the name's UTF-8 percent-encoded but letters and digits: a path segment. */
  private static String segment(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }

  /**
   * Names as JSON string literals (escapes and all), so that lone surrogates can be written; a lone
   * surrogate becomes U+FFFD, as Go's decoder makes it.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\\ud800x",
        "x\\udfff",
        "\\ud83d\\ude00 ok",
        "a/b",
        "a%2Fb",
        "a b",
        "ü日本",
        "%41",
        "+",
        "..",
        ".",
        "?x=1",
        "#x",
        "a\\nb",
        "\\u0000",
        "\\\\",
        "\\\"",
        "toxics"
      })
  void anOddNameCanBeFetchedAndDeleted(String literal) throws Exception {
    String name =
        JSON.readValue("\"" + literal + "\"", String.class).replaceAll("\\p{Cs}", "\uFFFD");
    HttpResponse<String> created =
        call(
            "POST",
            "/proxies",
            "{\"name\":\""
                + literal
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(JSON.readTree(created.body()).get("name").asText()).isEqualTo(name);
    String proxy = "/proxies/" + segment(name);
    assertThat(JSON.readTree(call("GET", proxy, null).body()).get("name").asText()).isEqualTo(name);
    assertThat(JSON.readTree(call("GET", "/proxies", null).body()).has(name)).isTrue();

    HttpResponse<String> toxic =
        call("POST", proxy + "/toxics", "{\"name\":\"" + literal + "\",\"type\":\"noop\"}");
    assertThat(toxic.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(toxic.body()).get("name").asText()).isEqualTo(name);
    String toxicPath = proxy + "/toxics/" + segment(name);
    assertThat(call("GET", toxicPath, null).statusCode()).isEqualTo(200);
    assertThat(call("POST", toxicPath, "{\"toxicity\":0.5}").statusCode()).isEqualTo(200);
    assertThat(call("DELETE", toxicPath, null).statusCode()).isEqualTo(204);
    assertThat(call("GET", toxicPath, null).statusCode()).isEqualTo(404);

    assertThat(call("DELETE", proxy, null).statusCode()).isEqualTo(204);
    assertThat(call("GET", proxy, null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
  }

  @Test
  void theLongestNameIsAcceptedAndALongerOneRefused() throws Exception {
    String longest = "é".repeat(32768); // 65536 bytes
    HttpResponse<String> created =
        call(
            "POST",
            "/proxies",
            "{\"name\":\""
                + longest
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    String proxy = "/proxies/" + segment(longest);
    assertThat(
            call("POST", proxy + "/toxics", "{\"name\":\"" + longest + "\",\"type\":\"noop\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(call("GET", proxy + "/toxics/" + segment(longest), null).statusCode())
        .as("both names percent-encoded fit one request line")
        .isEqualTo(200);
    assertThat(call("DELETE", proxy, null).statusCode()).isEqualTo(204);

    HttpResponse<String> refused =
        call(
            "POST",
            "/proxies",
            "{\"name\":\""
                + longest
                + "x\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .isEqualTo(
            "{\"error\":\"proxy name must be at most 65536 bytes, was 65537\",\"status\":400}\n");
    assertThat(call("GET", "/proxies", null).body()).isEqualTo("{}");
  }
}
