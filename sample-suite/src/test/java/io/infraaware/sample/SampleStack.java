package io.infraaware.sample;

import static io.restassured.RestAssured.given;

import io.infraaware.junit.TestProxies;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The auth service and the chat backend, started in-process on free ports for one test; the
 * backend's outbox journal in a directory of its own (unless {@code OUTBOX_DIR} is given), removed
 * on close.
 */
final class SampleStack implements AutoCloseable {

  /** The auth service's signing secret, so a test can sign tokens of its own (short-lived ones). */
  static final String AUTH_SECRET = "sample-stack-signing-secret-of-32-bytes";

  final SampleApp auth;
  final SampleApp backend;
  private final Path ownOutbox;
  private ServiceProxy authProxy;

  private SampleStack(SampleApp auth, SampleApp backend, Path ownOutbox) {
    this.auth = auth;
    this.backend = backend;
    this.ownOutbox = ownOutbox;
  }

  /**
   * What the sample reads to reach its database and Redis ({@code DATABASE_URL}, {@code
   * DATABASE_USER}, {@code DATABASE_PASSWORD}, {@code REDIS_URL}), from the resolved endpoints: a
   * provisioned server's credentials (it always asks for a password) come with them.
   */
  static Map<String, String> services(ServiceEndpoint postgres, ServiceEndpoint redis) {
    Map<String, String> env = new HashMap<>(database(postgres));
    env.put("REDIS_URL", redis.url()); // with a provisioned Redis's password as user-info
    return env;
  }

  /** The database's part of {@link #services}, for what needs no Redis. */
  static Map<String, String> database(ServiceEndpoint postgres) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", postgres.url());
    env.put("DATABASE_USER", postgres.username().orElse("postgres"));
    postgres.password().ifPresent(password -> env.put("DATABASE_PASSWORD", password));
    return env;
  }

  /** {@code more} on top of {@link #services}. */
  static Map<String, String> services(
      ServiceEndpoint postgres, ServiceEndpoint redis, Map<String, String> more) {
    Map<String, String> env = services(postgres, redis);
    env.putAll(more);
    return env;
  }

  /** {@code more} on top of {@link #database}. */
  static Map<String, String> database(ServiceEndpoint postgres, Map<String, String> more) {
    Map<String, String> env = database(postgres);
    env.putAll(more);
    return env;
  }

  /**
   * Starts both services.
   *
   * @param settings environment variables for the backend, over the test defaults
   * @param authUrl maps the auth service's URL to the one the backend uses (e.g. through a proxy)
   */
  static SampleStack start(
      ServiceEndpoint postgres,
      ServiceEndpoint redis,
      Map<String, String> settings,
      UnaryOperator<String> authUrl) {
    SampleApp auth = SampleApp.auth("127.0.0.1", 0, AUTH_SECRET);
    Path ownOutbox = null;
    try {
      Map<String, String> env = new HashMap<>();
      env.put("PORT", "0");
      env.putAll(services(postgres, redis));
      env.put("AUTH_URL", authUrl.apply(auth.uri().toString()));
      env.put("DB_POOL_SIZE", "4");
      env.putAll(settings);
      if (!env.containsKey("OUTBOX_DIR")) {
        // two backends never share a journal (it is locked); nor does a test leave one behind
        ownOutbox = Files.createTempDirectory("sample-outbox-");
        env.put("OUTBOX_DIR", ownOutbox.toString());
      }
      return new SampleStack(auth, SampleApp.backend(SampleConfig.from(env)), ownOutbox);
    } catch (RuntimeException | IOException e) {
      auth.close();
      deleteTree(ownOutbox);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /**
   * A stack whose backend reaches its auth service through a proxy of the test's ({@link
   * #authProxy()}), so the test can take the auth service away from the backend alone.
   */
  static SampleStack start(
      ServiceEndpoint postgres,
      ServiceEndpoint redis,
      Map<String, String> settings,
      TestProxies proxies) {
    ServiceProxy[] proxy = new ServiceProxy[1];
    SampleStack stack =
        start(
            postgres,
            redis,
            settings,
            authUrl -> {
              proxy[0] = proxies.proxy("auth", authUrl);
              return proxy[0].endpoint().url();
            });
    stack.authProxy = proxy[0];
    return stack;
  }

  /** The proxy between the backend and its auth service, for a stack started with one. */
  ServiceProxy authProxy() {
    if (authProxy == null) {
      throw new IllegalStateException("this stack was started without a proxy before auth");
    }
    return authProxy;
  }

  static SampleStack start(
      ServiceEndpoint postgres, ServiceEndpoint redis, Map<String, String> settings) {
    return start(postgres, redis, settings, UnaryOperator.identity());
  }

  /** A token for a user from the auth service. */
  String token(String user) {
    return given()
        .baseUri(auth.uri().toString())
        .contentType(ContentType.JSON)
        .body(Map.of("user", user))
        .post("/auth/token")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  /** A token the auth service accepts until {@code expiresAt}, signed here. */
  static String token(String user, java.time.Instant expiresAt) {
    return com.auth0
        .jwt
        .JWT
        .create()
        .withIssuer(AuthService.ISSUER)
        .withSubject(user)
        .withExpiresAt(expiresAt)
        .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(AUTH_SECRET));
  }

  /** Requests to the backend. */
  RequestSpecification api() {
    return given(new RequestSpecBuilder().setBaseUri(backend.uri().toString()).build());
  }

  /** Requests to the backend with a bearer token. */
  RequestSpecification api(String token) {
    return api().auth().oauth2(token);
  }

  URI backendUri() {
    return backend.uri();
  }

  @Override
  public void close() {
    try {
      backend.close();
      auth.close();
    } finally {
      deleteTree(ownOutbox);
    }
  }

  /**
   * Each text of a room with how often the database holds it, read directly (not through the
   * backend, nor through a proxy that may be out).
   */
  static Map<String, Integer> storedCounts(ServiceEndpoint database, String room)
      throws java.sql.SQLException {
    Map<String, Integer> counts = new HashMap<>();
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(
                database.url(),
                database.username().orElse("postgres"),
                database.password().orElse(""));
        java.sql.PreparedStatement select =
            connection.prepareStatement(
                "SELECT text, COUNT(*) FROM sample_messages WHERE room = ? GROUP BY text")) {
      select.setString(1, room);
      try (java.sql.ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getInt(2));
        }
      }
    }
    return counts;
  }

  /** Removes a directory and what is in it; a test's temporary files only. */
  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + root, e);
    }
  }
}
