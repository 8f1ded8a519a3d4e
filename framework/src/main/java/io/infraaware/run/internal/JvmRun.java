package io.infraaware.run.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.spi.internal.KindRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * InfraAware's state for this JVM: one {@link RunArea} per report directory, kept whatever the
 * number of launcher executions (Surefire runs one per class in a reused fork), printed and stopped
 * when the runner's session that used it ends (Surefire and Gradle open one per test JVM), or when
 * the JVM ends for a runner without sessions.
 *
 * <p>Nothing happens when the class loads: Surefire loads the session listener in Maven's own JVM
 * too, to discover tests.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class JvmRun {

  private static final Map<Path, RunArea> AREAS = new ConcurrentHashMap<>();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  /** The open sessions, innermost last, each with the areas its executions used. */
  private static final Deque<Session> SESSIONS = new ArrayDeque<>();

  /**
   * A session and the areas its executions used; compared by identity (a record's generated
   * equality would be linked on first use, which a fresh JVM pays for).
   */
  private static final class Session {
    private final Object token;
    private final Set<RunArea> areas;

    Session(Object token, Set<RunArea> areas) {
      this.token = token;
      this.areas = areas;
    }

    Object token() {
      return token;
    }

    Set<RunArea> areas() {
      return areas;
    }
  }

  private JvmRun() {}

  /**
   * The area of a configuration's report directory, created on first use and kept until the
   * innermost open session ends (or the JVM, without one).
   *
   * @param config the configuration
   * @return the area
   */
  public static RunArea area(InfraConfig config) {
    RunArea area = areaOf(config);
    synchronized (SESSIONS) {
      Session innermost = SESSIONS.peekLast();
      if (innermost != null) {
        innermost.areas().add(area);
      }
    }
    return area;
  }

  /**
   * The innermost open session, as its runner knows it.
   *
   * @return the session's token; empty when none is open
   */
  public static Optional<Object> innermostSession() {
    synchronized (SESSIONS) {
      Session innermost = SESSIONS.peekLast();
      return innermost == null ? Optional.empty() : Optional.of(innermost.token());
    }
  }

  /**
   * The area of a configuration's report directory for work on behalf of a session that may have
   * ended since it was asked for (a preparation that ran late): created and kept as {@link #area}
   * does while the session is open; none once the session has closed (an area handed out before
   * closes with its session, and its late probes write no report directory again).
   *
   * @param config the configuration
   * @param token the session; empty for a runner without sessions
   * @return the area; empty when the session has closed
   */
  public static Optional<RunArea> areaWhileOpen(InfraConfig config, Optional<Object> token) {
    if (token.isEmpty()) {
      return Optional.of(area(config));
    }
    synchronized (SESSIONS) {
      Session session = sessionOf(token.get());
      if (session == null) {
        return Optional.empty();
      }
      RunArea area = areaOf(config);
      session.areas().add(area);
      return Optional.of(area);
    }
  }

  /** The area of a configuration's report directory, made on first use. */
  private static RunArea areaOf(InfraConfig config) {
    Path dir = config.reportDir().toAbsolutePath().normalize();
    RunArea area = AREAS.get(dir);
    if (area == null) {
      hookShutdown();
      area = AREAS.computeIfAbsent(dir, key -> new RunArea(key, config, KindRegistry.installed()));
    }
    return area;
  }

  /** The open session of a token, or null; the caller holds the sessions' lock. */
  private static Session sessionOf(Object token) {
    Session found = null;
    for (Session session : SESSIONS) {
      if (session.token() == token) {
        found = session;
      }
    }
    return found;
  }

  /**
   * A runner's session (a Surefire fork, a Gradle test JVM, an IDE run) started.
   *
   * @param token the session, as the runner knows it
   */
  public static void sessionOpened(Object token) {
    synchronized (SESSIONS) {
      SESSIONS.addLast(new Session(token, new LinkedHashSet<>()));
    }
  }

  /**
   * A runner's session ended: each area it used is written and printed, and stopped unless a
   * session still open uses it.
   *
   * @param token the session
   * @param out where
   */
  public static void sessionClosed(Object token, PrintStream out) {
    List<RunArea> ended = new ArrayList<>();
    synchronized (SESSIONS) {
      Session closed = sessionOf(token);
      if (closed == null) {
        return;
      }
      SESSIONS.remove(closed);
      for (RunArea area : closed.areas()) {
        if (SESSIONS.stream().noneMatch(open -> open.areas().contains(area))) {
          ended.add(area);
          AREAS.remove(area.reportDir(), area);
        }
      }
    }
    for (RunArea area : ended) {
      area.print(out);
    }
    Cleanup.closeAll(ended);
  }

  /**
   * A launcher execution ended: its figures join the build's summary; without a session to end (a
   * runner that has none), it is printed now.
   *
   * @param area the execution's area
   * @param out where
   */
  public static void executionFinished(RunArea area, PrintStream out) {
    boolean inSession;
    synchronized (SESSIONS) {
      inSession = !SESSIONS.isEmpty();
    }
    if (inSession) {
      area.flush();
    } else {
      area.print(out);
    }
  }

  private static void hookShutdown() {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> Cleanup.closeAll(new ArrayList<>(AREAS.values())), "infraaware-shutdown"));
    }
  }
}
