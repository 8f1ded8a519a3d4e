package io.infraaware.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.probe.ProbeResult;
import io.infraaware.run.internal.RunSummary;
import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Passwords from a hostile alphabet (every printable ASCII character, space, tab, newline, CR,
 * non-ASCII), 1 to 100 characters long, half of them with a user name equal to the password, put
 * through every way a secret is configured: no skip reason, failure, note, configuration error or
 * summary may contain the password or any 4 consecutive characters of it (for passwords shorter
 * than 4: the password in a place where it would be read as one, quoted, bracketed or as a value).
 *
 * <p>Seeded, so a failure is reproducible; the report names vectors and counts.
 */
class SecretLeakPropertyTests {

  private static final long SEED = 19;
  private static final int CASES = 300;
  private static final String ALPHABET = alphabet();

  private static int closedPort;
  private static LoopbackServer echoingPostgres;

  @BeforeAll
  static void servers() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    // A PostgreSQL that refuses every login, echoing the role name cut at 63 bytes as PostgreSQL
    // does.
    echoingPostgres = LoopbackServer.serving(SecretLeakPropertyTests::refuseLogin);
  }

  @AfterAll
  static void stop() throws IOException {
    echoingPostgres.close();
  }

  private static String alphabet() {
    StringBuilder chars = new StringBuilder();
    for (char c = 32; c < 127; c++) {
      chars.append(c);
    }
    return chars + "\t\n\r\u00e9\u00df\u4e2d\u00a0\u2028\u00fc";
  }

  static String password(Random random) {
    // many short ones: the cases where literal masking misfires
    int length = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(100);
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < length; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A way to configure a secret, and all the text InfraAware prints about it. */
  private interface Vector {
    String output(String user, String password);
  }

  private static final Map<String, Vector> VECTORS = new java.util.LinkedHashMap<>();

  static {
    VECTORS.put(
        "raw user-info, unknown scheme",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.db.url", "postgres://" + u + ":" + p + "@127.0.0.1:5432/app")));
    VECTORS.put(
        "raw user-info, redis on a closed port",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.db.url",
                    "redis://" + u + ":" + p + "@127.0.0.1:" + closedPort)));
    VECTORS.put(
        "raw user-info, invalid port",
        (u, p) ->
            configure(
                Map.of("infra.services.db.url", "redis://" + u + ":" + p + "@127.0.0.1:99999")));
    VECTORS.put(
        "raw password query, invalid port",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.db.url",
                    "jdbc:postgresql://127.0.0.1:99999/app?user=" + u + "&password=" + p)));
    VECTORS.put(
        "encoded user-info, redis on a closed port",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.db.url",
                    "redis://" + encode(u) + ":" + encode(p) + "@127.0.0.1:" + closedPort)));
    VECTORS.put(
        "password keys, postgres on a closed port",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.db.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/app",
                    "infra.services.db.username", u,
                    "infra.services.db.password", p)));
    VECTORS.put(
        "password keys, postgres echoing the role name",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.db.url",
                    "jdbc:postgresql://127.0.0.1:"
                        + echoingPostgres.port()
                        + "/app?sslmode=disable",
                    "infra.services.db.username",
                    u,
                    "infra.services.db.password",
                    p)));
    VECTORS.put(
        "encoded token in the health path",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.web.url", "http://127.0.0.1:" + closedPort,
                    "infra.services.web.health-path", "/health?key=" + encode(p))));
    VECTORS.put(
        "raw token in the health path",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.web.url", "http://127.0.0.1:" + closedPort,
                    "infra.services.web.health-path", "/health?key=" + p)));
    VECTORS.put("environment shadowed by -D", SecretLeakPropertyTests::shadowedEnvironment);
    VECTORS.put(
        "NATS token on a closed port",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.bus.url", "nats://" + encode(p) + "@127.0.0.1:" + closedPort)));
    VECTORS.put(
        "password key, require mode failure",
        (u, p) ->
            configure(
                Map.of(
                    "infra.mode",
                    "require",
                    "infra.services.cache.url",
                    "redis://127.0.0.1:" + closedPort,
                    "infra.services.cache.username",
                    u,
                    "infra.services.cache.password",
                    p)));
    VECTORS.put(
        "raw user-info, http on a closed port",
        (u, p) ->
            configure(
                Map.of(
                    "infra.services.web.url",
                    "http://" + u + ":" + p + "@127.0.0.1:" + closedPort + "/app")));
  }

  /** Reads the service the settings declare, probes it and prints what a user would see. */
  private static String configure(Map<String, String> settings) {
    String name =
        settings.keySet().stream()
            .filter(key -> key.startsWith("infra.services."))
            .findFirst()
            .orElseThrow()
            .split("\\.")[2];
    StringBuilder out = new StringBuilder();
    Map<String, String> all = new HashMap<>(settings);
    all.put("infra.probe.timeout", "500ms");
    try {
      ProbeResult result = TestServices.probe(all, name);
      out.append(result.describe()).append('\n').append(result).append('\n');
      result
          .diagnosis()
          .ifPresent(d -> out.append(d.detail()).append('\n').append(d.hint()).append('\n'));
      RunSummary summary = new RunSummary();
      summary.recordProbe(result);
      out.append(summary.toJson()).append('\n').append(summary.toText());
    } catch (InfraConfigurationException e) {
      out.append(e.getMessage());
    } catch (RuntimeException e) {
      out.append(e);
    }
    return out.toString();
  }

  private static String shadowedEnvironment(String user, String password) {
    String key = "infra.services.db.url";
    Map<String, String> environment =
        Map.of("INFRA_SERVICES_DB_URL", "redis://" + user + ":" + password + "@127.0.0.1:6379");
    LayeredConfigSource source =
        new LayeredConfigSource(
            k -> k.equals(key) ? Optional.of("redis://127.0.0.1:6380") : Optional.empty(),
            environment,
            new Properties());
    List<String> notes = new ArrayList<>();
    source.sendNotesTo(notes::add);
    source.get(key);
    RunSummary summary = new RunSummary();
    notes.forEach(summary::recordNote);
    return String.join("\n", notes) + "\n" + summary.toJson() + "\n" + summary.toText();
  }

  /** The leaks of {@code secret} in {@code output}: what {@code baseline} does not explain. */
  static List<String> leaks(String secret, String output, String baseline) {
    List<String> leaks = new ArrayList<>();
    if (secret.codePointCount(0, secret.length()) >= 4) {
      for (int i = 0; i + 4 <= secret.length(); i++) {
        String gram = secret.substring(i, i + 4);
        if (output.contains(gram) && !baseline.contains(gram)) {
          leaks.add(gram);
        }
      }
      return leaks;
    }
    for (String form :
        List.of(
            ":" + secret + "@",
            "\"" + secret + "\"",
            "'" + secret + "'",
            "[" + secret + "]",
            "=" + secret + "&",
            "=" + secret + "]",
            "=" + secret + " ",
            "=" + secret + "\n",
            "=" + secret + "\"")) {
      // the refusals name the characters to percent-encode ('/', '@'): they explain, they do not
      // leak
      if (count(output.replaceAll(EXPLAINED, ""), form)
          > count(baseline.replaceAll(EXPLAINED, ""), form)) {
        leaks.add(form);
      }
    }
    return leaks;
  }

  private static final String EXPLAINED = "'[/?#@%:]'";

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  @Test
  void noOutputHoldsThePasswordOrFourCharactersOfIt() {
    Random random = new Random(SEED);
    int tried = 0;
    Map<String, Integer> leakedBy = new java.util.LinkedHashMap<>();
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      String password = password(random);
      boolean userIsPassword = i % 2 == 1;
      String user = userIsPassword ? password : "app";
      String neutral = "x".repeat(password.length()).equals(password) ? "y" : "x";
      String baselinePassword = neutral.repeat(Math.max(1, password.length()));
      for (Map.Entry<String, Vector> vector : VECTORS.entrySet()) {
        tried++;
        String output = vector.getValue().output(user, password);
        String baseline =
            vector.getValue().output(userIsPassword ? baselinePassword : "app", baselinePassword);
        List<String> leaks = leaks(password, output, baseline);
        if (!leaks.isEmpty()) {
          leakedBy.merge(vector.getKey(), 1, Integer::sum);
          if (examples.size() < 8) {
            examples.add(vector.getKey() + " with [" + escape(password) + "]: " + escape(output));
          }
        }
      }
    }
    int leaked = leakedBy.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println(
        "SecretLeakPropertyTests: " + tried + " vectors tried, " + leaked + " leaked " + leakedBy);
    assertThat(leaked)
        .as("leaks, by vector: %s%nexamples:%n%s", leakedBy, String.join("\n", examples))
        .isZero();
  }

  private static String escape(String text) {
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  /**
   * Answers anything with PostgreSQL's ErrorResponse for a failed login, the role cut at 63 bytes.
   */
  private static void refuseLogin(java.net.Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] head = new byte[8];
    int read = in.readNBytes(head, 0, 8);
    if (read < 8) {
      return;
    }
    String role = "unknown";
    // An SSLRequest is 8 bytes; a startup message carries "user\0<role>\0".
    int length =
        ((head[0] & 0xff) << 24)
            | ((head[1] & 0xff) << 16)
            | ((head[2] & 0xff) << 8)
            | (head[3] & 0xff);
    if (length == 8) {
      socket.getOutputStream().write('N');
      socket.getOutputStream().flush();
      head = in.readNBytes(8);
      length =
          ((head[0] & 0xff) << 24)
              | ((head[1] & 0xff) << 16)
              | ((head[2] & 0xff) << 8)
              | (head[3] & 0xff);
    }
    byte[] body = in.readNBytes(Math.max(0, Math.min(length, 65536) - 8));
    String text = new String(body, StandardCharsets.UTF_8);
    int user = text.indexOf("user\0");
    if (user >= 0) {
      int end = text.indexOf('\0', user + 5);
      byte[] bytes =
          text.substring(user + 5, end < 0 ? text.length() : end).getBytes(StandardCharsets.UTF_8);
      role = new String(bytes, 0, Math.min(63, bytes.length), StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream fields = new ByteArrayOutputStream();
    for (String field :
        List.of(
            "SFATAL",
            "VFATAL",
            "C28P01",
            "Mpassword authentication failed for user \"" + role + "\"")) {
      fields.write(field.getBytes(StandardCharsets.UTF_8));
      fields.write(0);
    }
    fields.write(0);
    byte[] payload = fields.toByteArray();
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write('E');
    int size = payload.length + 4;
    message.write(
        new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
    message.write(payload);
    socket.getOutputStream().write(message.toByteArray());
    socket.getOutputStream().flush();
  }

  @Test
  void theLeakCheckFindsALeak() {
    assertThat(
            leaks("s3cretvalue", "Service at redis://u:s3cretvalue@h", "Service at redis://****@h"))
        .isNotEmpty();
    assertThat(leaks("a", "redis://u:a@h", "redis://u:x@h")).isNotEmpty();
    assertThat(leaks("a", "Service [app] at [127.0.0.1]", "Service [app] at [127.0.0.1]"))
        .isEmpty();
  }
}
