package io.infraaware.probe;

import org.apiguardian.api.API;

/**
 * Why a service is not simply up; each code decides the status it leads to.
 *
 * <p>The catalogue with causes and fixes is {@code docs/diagnoses.md}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public enum DiagnosisCode {
  /** The host name does not resolve. */
  NAME_RESOLUTION_FAILED(ServiceStatus.UNAVAILABLE, "name resolution failed"),
  /** Nothing listens on the port. */
  CONNECTION_REFUSED(ServiceStatus.UNAVAILABLE, "connection refused, nothing is listening"),
  /** The TCP connect did not complete in time: a firewall, a dead host or a full backlog. */
  CONNECT_TIMED_OUT(ServiceStatus.UNAVAILABLE, "connect timed out"),
  /** The connection was accepted but the protocol handshake got no answer: a hung peer. */
  NO_HANDSHAKE_ANSWER(ServiceStatus.UNAVAILABLE, "no answer to the protocol handshake"),
  /**
   * The connection was accepted and closed without an answer: typically a proxy or load balancer
   * whose upstream is dead.
   */
  CONNECTION_CLOSED(
      ServiceStatus.UNAVAILABLE, "connection accepted, then closed without an answer"),
  /** The service answers and says it is unhealthy (e.g. HTTP 503, or still starting). */
  UNHEALTHY(ServiceStatus.UNAVAILABLE, "service reports unhealthy"),
  /** Something went wrong that fits no other code; the detail says what. */
  PROBE_FAILED(ServiceStatus.UNAVAILABLE, "probe failed"),
  /** TLS could not be negotiated: one side expects TLS, or a certificate is not trusted. */
  TLS_FAILURE(ServiceStatus.MISCONFIGURED, "TLS failure"),
  /** Something that does not speak the expected protocol listens on the port. */
  PROTOCOL_MISMATCH(ServiceStatus.MISCONFIGURED, "something else is listening (protocol mismatch)"),
  /** The service rejected the configured credentials. */
  AUTHENTICATION_REJECTED(ServiceStatus.MISCONFIGURED, "authentication rejected"),
  /**
   * A check needs a client library that is not on the test class path (a JDBC driver to log in);
   * the detail names the artifact to add.
   */
  CLIENT_LIBRARY_MISSING(ServiceStatus.MISCONFIGURED, "a client library is missing"),
  /** The database, Redis database index, virtual host or HTTP path does not exist. */
  RESOURCE_MISSING(ServiceStatus.MISCONFIGURED, "database or resource missing"),
  /**
   * A port the configuration pins (the embedded Toxiproxy's API, a proxy's listen port) is taken by
   * something else.
   *
   * @since 0.2.0
   */
  PORT_IN_USE(ServiceStatus.MISCONFIGURED, "a configured port is in use"),
  /**
   * The service answers, but the run's own database or schema ({@code
   * infra.services.<name>.isolation}) could not be made: no right to create it, or no driver.
   *
   * @since 0.2.0
   */
  ISOLATION_FAILED(ServiceStatus.MISCONFIGURED, "the run's own database could not be made"),
  /** The service answers but reports itself degraded. */
  DEGRADED(ServiceStatus.DEGRADED, "service reports degraded");

  private final ServiceStatus status;
  private final String summary;

  DiagnosisCode(ServiceStatus status, String summary) {
    this.status = status;
    this.summary = summary;
  }

  /**
   * The status this diagnosis leads to.
   *
   * @return the status
   */
  public ServiceStatus status() {
    return status;
  }

  /**
   * A few words saying what happened, e.g. {@code connect timed out}.
   *
   * @return the summary
   */
  public String summary() {
    return summary;
  }
}
