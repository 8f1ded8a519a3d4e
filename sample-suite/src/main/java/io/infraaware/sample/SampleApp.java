package io.infraaware.sample;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sample system, in-process: {@link #backend(SampleConfig)} and {@link #auth(int)} start the
 * services on loopback and return handles that stop them.
 *
 * @since 0.1.0
 */
public final class SampleApp implements AutoCloseable {

  private final HttpServerHost host;
  private final List<AutoCloseable> parts;
  private final List<AutoCloseable> beforeHost;

  private SampleApp(HttpServerHost host, List<AutoCloseable> parts) {
    this(host, parts, List.of());
  }

  private SampleApp(
      HttpServerHost host, List<AutoCloseable> parts, List<AutoCloseable> beforeHost) {
    this.host = host;
    this.parts = parts;
    this.beforeHost = beforeHost;
  }

  /**
   * Starts the chat backend.
   *
   * @param config the configuration
   * @return the running backend
   */
  public static SampleApp backend(SampleConfig config) {
    List<AutoCloseable> parts = new ArrayList<>();
    try {
      MessageStore store = new MessageStore(config);
      parts.add(store);
      Breakers breakers = new Breakers(config);
      Guard guard = guard(config, breakers);
      parts.add(guard);
      // Within the warm-up's allowance, not the pool's 600 s: the database may be down at start,
      // and then the outbox and the cache carry the sample, and the store creates the table on its
      // first connection once the database is back. Not a request's deadline either: a cold
      // JVM's first connection takes longer than a scaled 200 ms.
      guard.callQuietly(
          Breakers.DATABASE,
          Deadline.in(WarmUp.ALLOWANCE),
          () -> {
            store.createSchema();
            return null;
          });
      RecentCache cache = new RecentCache(config);
      parts.add(cache);
      ChatService chat = new ChatService(config, store, cache, guard);
      parts.add(chat);
      RoomFeeds feeds =
          new RoomFeeds(chat, config.scaled(Duration.ofSeconds(1)), ChatEndpoint::deliver);
      parts.add(feeds);
      AuthClient auth = new AuthClient(config, guard);
      parts.add(auth);
      ChatSessions sessions =
          new ChatSessions(breakers.alerts(), breakers.events(), config.wsMessagesPerMinute());
      parts.add(sessions);
      HealthChecks checks = new HealthChecks(config, guard, store, cache, auth);
      parts.add(checks);
      HealthReport health =
          new HealthReport(config, guard, chat, store, cache, auth, sessions, checks);
      HttpServerHost host =
          HttpServerHost.start(
              config.host(),
              config.port(),
              // each request waits on one dependency call at a time: as many as the bulkhead
              config.poolSize() + 32,
              config.httpTimeouts(),
              new BackendHandler(chat, auth, guard, health),
              ChatEndpoint.config(chat, auth, feeds, sessions));
      parts.add(host);
      // ready only once the request path is warm: the first user is served like the hundredth
      WarmUp.run(guard, auth, cache, chat, host.uri());
      // the stats windows count users' calls, not the warm-up's (its calls have no deadline)
      guard.forgetWarmUp();
      parts.remove(host);
      // health reflects reality without traffic from now on
      checks.start();
      // WebSocket clients hear 1001 from the sample, not a dropped connection from the server
      return new SampleApp(host, parts, List.of(sessions));
    } catch (RuntimeException | Error e) {
      // whatever started before the failure (the pool, threads) must not outlive it
      closeAll(parts);
      throw e;
    }
  }

  /**
   * The guard of every dependency call. The user-facing deadline is a promise to users, not an
   * allowance for a slow network, so staging does not stretch it; the time scale does.
   */
  static Guard guard(SampleConfig config, Breakers breakers) {
    return new Guard(
        breakers,
        config.effectiveDeadline(),
        config.retryAttempts(),
        config.scaled(config.retryBackoff()),
        // every pooled connection busy, plus room for Redis and auth calls
        config.poolSize() + 32,
        config.scaled(config.statsWindow()));
  }

  /**
   * Starts the auth service.
   *
   * @param port the port, 0 for a free one
   * @return the running auth service
   */
  public static SampleApp auth(int port) {
    return auth("127.0.0.1", port);
  }

  /**
   * Starts the auth service on an address.
   *
   * @param host the address to listen on
   * @param port the port, 0 for a free one
   * @return the running auth service
   */
  public static SampleApp auth(String host, int port) {
    return auth(host, port, null);
  }

  /**
   * Starts the auth service with a signing secret, so that its tokens survive a restart.
   *
   * @param host the address to listen on
   * @param port the port, 0 for a free one
   * @param secret the HMAC secret ({@code AUTH_SECRET}), or null for a random one
   * @return the running auth service
   */
  public static SampleApp auth(String host, int port, String secret) {
    return auth(host, port, secret, SampleConfig.HttpTimeouts.DEFAULTS);
  }

  /**
   * Starts the auth service with a signing secret and the HTTP timeouts it holds its clients to.
   *
   * @param host the address to listen on
   * @param port the port, 0 for a free one
   * @param secret the HMAC secret ({@code AUTH_SECRET}), or null for a random one
   * @param timeouts {@code REQUEST_HEAD_TIMEOUT}, {@code REQUEST_BODY_TIMEOUT}, {@code
   *     HTTP_IDLE_TIMEOUT}
   * @return the running auth service
   */
  public static SampleApp auth(
      String host, int port, String secret, SampleConfig.HttpTimeouts timeouts) {
    return new SampleApp(
        HttpServerHost.start(
            host,
            port,
            16,
            timeouts,
            new AuthHandler(new AuthService(Duration.ofHours(1), secret))),
        List.of());
  }

  /**
   * Where it listens.
   *
   * @return e.g. {@code http://127.0.0.1:38211}
   */
  public URI uri() {
    return host.uri();
  }

  /** Stops the server and everything it opened. */
  @Override
  public void close() {
    closeAll(beforeHost);
    host.close();
    closeAll(parts);
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // stopping is best effort
      }
    }
  }

  /**
   * Runs the backend, or with the argument {@code auth} the auth service, on {@code PORT}.
   *
   * @param args {@code auth} for the auth service
   * @throws InterruptedException never in practice
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    boolean authService = args.length > 0 && args[0].equals("auth");
    SampleApp app;
    try {
      if (authService) {
        // the auth service reads only its own variables: a backend setting cannot stop it
        SampleConfig.Listen listen = SampleConfig.listen(env, SampleConfig.AUTH_PORT);
        SampleConfig.HttpTimeouts timeouts = SampleConfig.httpTimeouts(env);
        // outside development a missing AUTH_SECRET stops it, naming a near miss (JWT_SECRET_KEY)
        java.util.Optional<String> secret = SampleConfig.authSecret(env);
        app = auth(listen.host(), listen.port(), secret.orElse(null), timeouts);
        List<String> near = SampleConfig.nearMissSecrets(env);
        // standard output carries events only (JSON lines): the start line is for people
        System.err.println(
            "infraaware sample auth listening on "
                + app.uri()
                + (secret.isEmpty()
                    ? " with a random signing secret (tokens end with the process; set AUTH_SECRET"
                        + (near.isEmpty() ? "" : "; " + String.join(", ", near) + " is not read")
                        + ")"
                    : " with the signing secret from AUTH_SECRET"));
      } else {
        SampleConfig config = SampleConfig.from(env);
        app = backend(config);
        System.err.println(
            "infraaware sample backend listening on " + app.uri() + " with " + config);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("infraaware sample: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("infraaware sample: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    SampleApp running = app;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("infraaware sample: stopping (" + running.uri() + ")");
                  running.close();
                  System.err.println("infraaware sample: stopped");
                },
                "sample-stop"));
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
