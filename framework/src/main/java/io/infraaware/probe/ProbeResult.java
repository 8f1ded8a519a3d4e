package io.infraaware.probe;

import io.infraaware.config.internal.Durations;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The outcome of probing one service: what, where, how long, which version, and why not up.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ProbeResult {

  private final String service;
  private final ServiceKind kind;
  private final String endpoint;
  private final ServiceStatus status;
  private final Duration latency;
  private final String version;
  private final Diagnosis diagnosis;
  private final String note;

  private ProbeResult(ProbeResult copy, String endpoint, Diagnosis diagnosis, String note) {
    this.service = copy.service;
    this.kind = copy.kind;
    this.endpoint = endpoint;
    this.status = copy.status;
    this.latency = copy.latency;
    this.version = copy.version;
    this.diagnosis = diagnosis;
    this.note = note;
  }

  private ProbeResult(
      ServiceDefinition definition,
      ServiceStatus status,
      Duration latency,
      String version,
      Diagnosis diagnosis) {
    this.service = definition.name();
    this.kind = definition.kind();
    this.endpoint = definition.endpoint().maskedUrl();
    this.status = status;
    this.latency = latency;
    this.version = version;
    this.diagnosis = diagnosis;
    this.note = null;
  }

  /**
   * A service that answered its protocol.
   *
   * @param definition the service
   * @param latency how long the network and the peer took
   * @param version the server version, or null when unknown
   * @return the result
   */
  public static ProbeResult up(ServiceDefinition definition, Duration latency, String version) {
    return new ProbeResult(definition, ServiceStatus.UP, latency, version, null);
  }

  /**
   * A service that is not simply up; the diagnosis code decides the status.
   *
   * @param definition the service
   * @param latency how long the network and the peer took
   * @param version the server version, or null when unknown
   * @param diagnosis why
   * @return the result
   */
  public static ProbeResult diagnosed(
      ServiceDefinition definition, Duration latency, String version, Diagnosis diagnosis) {
    Objects.requireNonNull(diagnosis, "diagnosis");
    return new ProbeResult(definition, diagnosis.code().status(), latency, version, diagnosis);
  }

  /**
   * The service name.
   *
   * @return the name
   */
  public String service() {
    return service;
  }

  /**
   * The kind of service.
   *
   * @return the kind
   */
  public ServiceKind kind() {
    return kind;
  }

  /**
   * The probed URL, secrets masked.
   *
   * @return the endpoint
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * The status.
   *
   * @return the status
   */
  public ServiceStatus status() {
    return status;
  }

  /**
   * How long the network and the peer took: connecting and waiting for answers, not the test JVM's
   * own work (loading client libraries, TLS set-up), so a healthy local service reads in
   * milliseconds.
   *
   * @return the latency
   */
  public Duration latency() {
    return latency;
  }

  /**
   * This result for an endpoint described in words rather than by a URL: a server that was to be
   * started and was not ({@code "the embedded Toxiproxy server"}).
   *
   * @param label what the service is, secrets masked
   * @return the result
   */
  public ProbeResult withEndpoint(String label) {
    return new ProbeResult(this, label, diagnosis, note);
  }

  /**
   * This result with a note of what InfraAware did about the service (it provisioned one, or why it
   * could not): appended to the diagnosis hint, or kept as the note of a usable result.
   *
   * @param note one sentence
   * @return the result
   */
  public ProbeResult withNote(String note) {
    if (diagnosis == null) {
      return new ProbeResult(
          this, endpoint, null, this.note == null ? note : this.note + "; " + note);
    }
    Diagnosis noted =
        new Diagnosis(
            diagnosis.code(),
            diagnosis.detail(),
            diagnosis.hint().isEmpty() ? note : diagnosis.hint() + ". " + note);
    return new ProbeResult(this, endpoint, noted, this.note);
  }

  /**
   * What InfraAware did about a service that is usable: it was provisioned for the run, say.
   *
   * @return the note, empty when there is none
   */
  public Optional<String> note() {
    return Optional.ofNullable(note);
  }

  /**
   * The server version, when the protocol tells it.
   *
   * @return the version
   */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /**
   * Why the service is not simply up.
   *
   * @return the diagnosis, empty for {@link ServiceStatus#UP}
   */
  public Optional<Diagnosis> diagnosis() {
    return Optional.ofNullable(diagnosis);
  }

  /**
   * One paragraph for a skip reason or failure: what, where, why and how to fix.
   *
   * <p>Example: {@code Service [redis] at [redis://127.0.0.1:6390] is unavailable: connection
   * refused, nothing is listening: connecting to 127.0.0.1:6390 was refused (probed in 2ms). Fix:
   * start Redis on 127.0.0.1:6390 ...}
   *
   * @return the description
   */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("Service [").append(service).append("] at [").append(endpoint).append("] is ");
    text.append(status.name().toLowerCase(java.util.Locale.ROOT));
    if (diagnosis != null) {
      text.append(": ").append(diagnosis.code().summary());
      if (!diagnosis.detail().isEmpty()) {
        text.append(": ").append(diagnosis.detail());
      }
    }
    text.append(" (probed in ").append(Durations.format(latency));
    if (version != null) {
      text.append(", ").append(kind.displayName()).append(' ').append(version);
    }
    text.append(')');
    if (note != null) {
      text.append(": ").append(note);
    }
    if (diagnosis != null && !diagnosis.hint().isEmpty()) {
      text.append(". Fix: ").append(diagnosis.hint());
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
