package io.infraaware.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert hook: when the breaker of a critical dependency ({@code CRITICAL_DEPENDENCIES}) opens,
 * an alert is written as an {@link Events} line, kept for {@code /health/resilience}, handed to
 * every listener and posted as JSON to {@code ALERT_WEBHOOK_URL} if one is set; when that breaker
 * closes again the alert is resolved the same way. Posting is best effort and off every request's
 * path.
 */
final class Alerts {

  private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
  private static final int KEPT = 50;
  private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

  /**
   * One alert.
   *
   * @param dependency the dependency
   * @param state {@code OPEN} when raised, {@code RESOLVED} when its breaker closed again
   * @param at when
   * @param message what happened, for a person
   */
  record Alert(String dependency, String state, Instant at, String message) {}

  private final List<String> critical;
  private final Optional<URI> webhook;
  private final Deque<Alert> recent = new ArrayDeque<>();
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
  private volatile HttpClient http;
  private final Events events;

  Alerts(SampleConfig config, Events events) {
    this.events = events;
    this.critical = config.criticalDependencies();
    this.webhook = config.alertWebhook().map(URI::create);
  }

  List<String> critical() {
    return critical;
  }

  /** Tells {@code listener} of every alert from now on (the in-process hook). */
  void onAlert(Consumer<Alert> listener) {
    listeners.add(listener);
  }

  /** A breaker opened: an alert if its dependency is critical. */
  void opened(String dependency, String detail) {
    failing(
        dependency,
        "the circuit breaker of critical dependency [" + dependency + "] opened: " + detail);
  }

  /** A breaker closed: the alert, if one was raised, is resolved. */
  void closed(String dependency) {
    recovered(
        dependency, "the circuit breaker of critical dependency [" + dependency + "] closed again");
  }

  /** A critical part fails (a breaker opened, the WebSocket layer failed a client): an alert. */
  void failing(String part, String message) {
    if (critical.contains(part) && open.add(part)) {
      raise(new Alert(part, "OPEN", Instant.now(), message));
    }
  }

  /** The part works again: its alert, if one was raised, is resolved. */
  void recovered(String part, String message) {
    if (open.remove(part)) {
      raise(new Alert(part, "RESOLVED", Instant.now(), message));
    }
  }

  /** Critical parts with an alert raised and not resolved: an open breaker, a failing WebSocket. */
  List<String> openCritical() {
    return critical.stream().filter(open::contains).toList();
  }

  /** The latest alerts, oldest first. */
  synchronized List<Alert> recent() {
    return new ArrayList<>(recent);
  }

  private void raise(Alert alert) {
    synchronized (this) {
      recent.addLast(alert);
      if (recent.size() > KEPT) {
        recent.removeFirst();
      }
    }
    Map<String, Object> body = body(alert);
    events.emit(alert.state().equals("OPEN") ? "ERROR" : "WARN", body);
    for (Consumer<Alert> listener : listeners) {
      try {
        listener.accept(alert);
      } catch (RuntimeException e) {
        LOG.warn("An alert listener failed", e);
      }
    }
    webhook.ifPresent(url -> post(url, Events.json(body)));
  }

  private void post(URI url, String json) {
    HttpClient client = http;
    if (client == null) {
      synchronized (this) {
        if (http == null) {
          http =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(WEBHOOK_TIMEOUT)
                  .build();
        }
        client = http;
      }
    }
    client
        .sendAsync(
            HttpRequest.newBuilder(url)
                .timeout(WEBHOOK_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              if (failure != null || response.statusCode() >= 300) {
                String masked = SampleConfig.maskWebhook(url.toString());
                LOG.warn(
                    "The alert webhook [{}] did not take an alert: {}",
                    masked,
                    failure != null
                        ? failure.toString().replace(url.toString(), masked)
                        : "status " + response.statusCode());
              }
            });
  }

  static Map<String, Object> body(Alert alert) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", "alert");
    body.put("service", "infraaware-sample");
    body.put("dependency", alert.dependency());
    body.put("critical", true);
    body.put("state", alert.state());
    body.put("at", alert.at().toString());
    body.put("message", alert.message());
    return body;
  }
}
