package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.chaos.ChildProcess;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accepted means kept, proven with real processes: the standalone sample jar as a child process,
 * its database behind a proxy; during an outage users post, the backend is killed (SIGKILL) or
 * stopped (SIGTERM) while they do, restarted with the same configuration and working directory once
 * the database is back, and every message answered 202 is stored exactly once.
 *
 * <p>Each test makes {@value #DEFAULT_RUNS} runs ({@code -Dsample.crash.runs=N} for more) and
 * prints per run what was accepted and what was stored: the figures of the crash benchmark.
 */
@RequiresService({"postgres", "redis"})
class OutboxCrashIT {

  private static final int DEFAULT_RUNS = 3;
  private static final int USERS = 4;
  private static final String SECRET = "outbox-crash-it-signing-secret-of-32-bytes";
  private static SampleApp auth;
  private static String token;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path work;

  @BeforeAll
  static void startAuth() throws Exception {
    auth = SampleApp.auth("127.0.0.1", 0, SECRET);
    token = new AuthService(Duration.ofHours(1), SECRET).issue("alice");
  }

  @AfterAll
  static void stopAuth() {
    auth.close();
  }

  /** What one run did: what users were told, what the database holds afterwards. */
  record Run(
      int accepted,
      Map<Integer, Integer> answeredOtherwise,
      int unanswered,
      Map<String, Integer> stored) {}

  @Test
  void everyMessageAcceptedBeforeASigkillIsStoredOnceAfterTheRestart(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    for (int i = 1; i <= runs(); i++) {
      crashRun("SIGKILL", i, postgres, redis);
    }
  }

  @Test
  void everyMessageAcceptedBeforeASigtermIsStoredOnceAfterTheRestartAndTheStopSaysWhatItLeft(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    for (int i = 1; i <= runs(); i++) {
      crashRun("SIGTERM", i, postgres, redis);
    }
  }

  private static int runs() {
    return Integer.getInteger("sample.crash.runs", DEFAULT_RUNS);
  }

  private void crashRun(String signal, int run, ServiceProxy postgres, ServiceEndpoint redis)
      throws Exception {
    String room = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    Path directory = Files.createDirectory(work.resolve(signal + "-" + run));
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.putAll(SampleStack.services(postgres.endpoint(), redis));
    env.put("AUTH_URL", auth.uri().toString());
    env.put("DB_POOL_SIZE", "4");
    env.put("TIME_SCALE", "0.05");
    env.put("REQUEST_DEADLINE", "10s");
    // OUTBOX_DIR left at its default: "outbox" in the working directory
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Map<Integer, Integer> otherwise = new ConcurrentHashMap<>();
    AtomicInteger unanswered = new AtomicInteger();
    int leftInJournal;
    try (ChildProcess backend = SampleProcess.start(directory, env)) {
      await("the backend stores a message")
          .atMost(Duration.ofSeconds(30))
          .until(() -> post(SampleProcess.uri(backend), room, "before") == 201);
      ExecutorService users = Executors.newFixedThreadPool(USERS);
      try (ActiveFault outage = postgres.outage()) {
        List<Future<?>> posting =
            java.util.stream.IntStream.range(0, USERS)
                .mapToObj(
                    user ->
                        users.submit(
                            () -> {
                              for (int n = 0; backend.isRunning(); n++) {
                                String text = "u" + user + "-" + n;
                                try {
                                  int status = post(SampleProcess.uri(backend), room, text);
                                  if (status == 202) {
                                    accepted.add(text);
                                  } else {
                                    otherwise.merge(status, 1, Integer::sum);
                                  }
                                } catch (IOException gone) {
                                  unanswered.incrementAndGet();
                                  return;
                                }
                              }
                            }))
                .<Future<?>>map(f -> f)
                .toList();
        // crash while users are still posting, once a fair number were accepted
        await("messages accepted during the outage")
            .atMost(Duration.ofSeconds(60))
            .until(() -> accepted.size() >= 40);
        String ended = signal.equals("SIGKILL") ? backend.kill() : backend.stop();
        int exit = backend.exitCode().orElseThrow();
        for (Future<?> user : posting) {
          user.get();
        }
        assertThat(exit)
            .as("exit code after %s (%s)", signal, ended)
            .isEqualTo(signal.equals("SIGKILL") ? 137 : 143);
        leftInJournal = leftInJournal(backend.output());
        if (signal.equals("SIGTERM")) {
          assertThat(leftInJournal)
              .as("the stop logs how many messages stay in the journal: %s", backend.output())
              .isGreaterThanOrEqualTo(accepted.size());
        }
      } finally {
        users.shutdownNow();
      }
      backend.start(); // the same command, configuration and working directory
      await("the restarted backend drains its journal")
          .atMost(Duration.ofSeconds(60))
          .until(() -> outboxSize(SampleProcess.uri(backend)) == 0);
    }
    Run result =
        new Run(
            accepted.size(),
            otherwise,
            unanswered.get(),
            SampleStack.storedCounts(postgres.upstream(), room));
    long lost = accepted.stream().filter(text -> !result.stored().containsKey(text)).count();
    long duplicated = result.stored().values().stream().filter(count -> count > 1).count();
    long unacknowledgedStored =
        result.stored().keySet().stream()
            .filter(text -> !text.equals("before") && !accepted.contains(text))
            .count();
    System.out.printf(
        "[crash] %s run %d: accepted %d (202), otherwise answered %s, cut off by the crash %d;"
            + " journal at the stop %s; stored after the restart %d of the accepted, lost %d,"
            + " stored twice %d, stored though never acknowledged %d%n",
        signal,
        run,
        result.accepted(),
        result.answeredOtherwise(),
        result.unanswered(),
        signal.equals("SIGTERM") ? leftInJournal + " (logged)" : "not logged (SIGKILL)",
        result.accepted() - lost,
        lost,
        duplicated,
        unacknowledgedStored);
    assertThat(lost).as("accepted messages lost").isZero();
    assertThat(duplicated).as("messages stored twice").isZero();
    assertThat(result.stored()).containsEntry("before", 1);
  }

  /** The count the stop logged: "Stopping with N message(s) in the outbox journal ...". */
  private static int leftInJournal(List<String> output) {
    java.util.regex.Pattern left =
        java.util.regex.Pattern.compile("Stopping with (\\d+) message\\(s\\).*outbox journal");
    return output.stream()
        .map(left::matcher)
        .filter(java.util.regex.Matcher::find)
        .mapToInt(m -> Integer.parseInt(m.group(1)))
        .findFirst()
        .orElse(-1);
  }

  private int post(URI backend, String room, String text) throws IOException {
    try {
      return http.send(
              HttpRequest.newBuilder(backend.resolve("/api/rooms/" + room + "/messages"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private int outboxSize(URI backend) throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(backend.resolve("/health/resilience"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return Http.JSON.readTree(body).path("outboxSize").asInt(-1);
  }
}
