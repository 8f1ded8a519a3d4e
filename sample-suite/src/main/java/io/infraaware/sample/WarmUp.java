package io.infraaware.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Runs the request path a few times before the backend says it is ready, so the first user does not
 * pay for a cold JVM: class loading, the first connection to each dependency, JIT. Each call gets
 * {@link #ALLOWANCE} rather than the request deadline (at {@code TIME_SCALE=0.1} a cold first token
 * check took longer than its 100 ms share); the calls are real, so their outcomes count like any
 * other for the breakers (a dependency that is down at start is seen as down), but not in the stats
 * windows, which count users' calls ({@link Guard#forgetWarmUp}).
 */
final class WarmUp {

  /** How long one warm-up call may take: a cold JVM's first call, not a user's deadline. */
  static final Duration ALLOWANCE = Duration.ofSeconds(2);

  /** A room no user has: the warm-up reads it and finds nothing. */
  static final String ROOM = "infraaware-sample-warm-up";

  private static final int ROUNDS = 5;

  private WarmUp() {}

  /**
   * Warms the backend up; best effort, never fails start-up.
   *
   * @param self where the backend listens
   */
  static void run(Guard guard, AuthClient auth, RecentCache cache, ChatService chat, URI self) {
    Duration allowance = guard.deadline().compareTo(ALLOWANCE) > 0 ? guard.deadline() : ALLOWANCE;
    cache.warmUp(allowance);
    auth.warmUp();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(allowance)
            .build();
    for (int round = 0; round < ROUNDS; round++) {
      // shaped like a JWT, so it goes to the auth service, which answers 401 (MALFORMED): a
      // success for its breaker, and the whole path
      auth.check("Bearer warm-up.warm-up.warm-up", Deadline.in(allowance));
      chat.recent(ROOM, Deadline.in(allowance));
      chat.rehearseWrites(ROOM, Deadline.in(allowance));
      guard.callQuietly(Breakers.REDIS, Deadline.in(allowance), () -> cache.present(ROOM));
      for (String path : new String[] {"/health", "/health/infrastructure"}) {
        try {
          http.send(
              HttpRequest.newBuilder(self.resolve(path)).timeout(allowance).GET().build(),
              HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
          // the server itself answers these; a failure here shows in the first real request
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
