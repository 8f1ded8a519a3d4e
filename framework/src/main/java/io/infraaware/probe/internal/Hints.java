package io.infraaware.probe.internal;

import io.infraaware.config.Durations;
import io.infraaware.config.InfraConfig;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import java.nio.file.Path;
import java.util.Optional;

/** Writes the one-line fix for each diagnosis, naming the compose service where there is one. */
public final class Hints {

  private final Optional<Path> composeFile;

  /**
   * Creates hints.
   *
   * @param composeFile the configured docker-compose file, if any
   */
  public Hints(Optional<Path> composeFile) {
    this.composeFile = composeFile;
  }

  /**
   * The fix for a diagnosis of a service.
   *
   * @param code the diagnosis
   * @param service the service
   * @return one line
   */
  public String fix(DiagnosisCode code, ServiceDefinition service) {
    String kind = service.kind().displayName();
    String address = service.endpoint().address();
    String urlSetting =
        InfraConfig.serviceKey(service.name(), "url") + "=[" + service.endpoint().maskedUrl() + "]";
    switch (code) {
      case NAME_RESOLUTION_FAILED:
        return "check the host name in " + urlSetting + " and your DNS or /etc/hosts";
      case CONNECTION_REFUSED:
        return "start "
            + kind
            + " on "
            + address
            + compose("up -d", service)
            + ", or point "
            + urlSetting
            + " at a running one";
      case CONNECT_TIMED_OUT:
        return "check that "
            + address
            + " is reachable from here (firewall, VPN, security group)"
            + " and that "
            + kind
            + " is running"
            + compose("up -d", service);
      case NO_HANDSHAKE_ANSWER:
        return kind
            + " on "
            + address
            + " accepted the connection but did not answer within "
            + Durations.format(service.probeTimeout())
            + ": it is hung or overloaded; restart it"
            + compose("restart", service)
            + " or raise "
            + InfraConfig.PROBE_TIMEOUT;
      case CONNECTION_CLOSED:
        return "something on "
            + address
            + " (a proxy or load balancer?) closes connections: start"
            + " the "
            + kind
            + " behind it"
            + compose("up -d", service);
      case UNHEALTHY:
        return kind
            + " says it is not healthy; look at its logs"
            + compose("logs", service)
            + " and wait for it to recover";
      case TLS_FAILURE:
        return "check whether "
            + address
            + " speaks TLS and the scheme of "
            + urlSetting
            + " agrees, and that its certificate is trusted";
      case PROTOCOL_MISMATCH:
        return "the port in "
            + urlSetting
            + " belongs to another service; use the port where "
            + kind
            + " listens";
      case AUTHENTICATION_REJECTED:
        return "check "
            + InfraConfig.serviceKey(service.name(), "username")
            + " and "
            + InfraConfig.serviceKey(service.name(), "password")
            + " (or the user-info of "
            + urlSetting
            + ")";
      case RESOURCE_MISSING:
        return missingResource(service, urlSetting);
      case DEGRADED:
        return "nothing to do for the tests; they run against the degraded " + kind;
      default:
        return "see the detail above; " + urlSetting;
    }
  }

  private String missingResource(ServiceDefinition service, String urlSetting) {
    switch (service.kind()) {
      case POSTGRES:
        return "create the database, or correct the database name in " + urlSetting;
      case REDIS:
        return "use a database index the server has (see its 'databases' setting) in " + urlSetting;
      case HTTP:
        return "correct "
            + InfraConfig.serviceKey(service.name(), "health-path")
            + "=["
            + service.healthPath()
            + "] or "
            + urlSetting;
      default:
        return "correct the path in " + urlSetting;
    }
  }

  private String compose(String verb, ServiceDefinition service) {
    return composeFile
        .map(
            file ->
                " (docker compose -f " + file + " " + verb + " " + service.composeService() + ")")
        .orElse("");
  }
}
