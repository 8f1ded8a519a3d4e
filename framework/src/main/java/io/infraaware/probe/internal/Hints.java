package io.infraaware.probe.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.internal.Durations;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.internal.ServiceCatalog;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apiguardian.api.API;

/**
 * Writes the one-line fix for each diagnosis, naming the compose service where there is one; a
 * service kind may word its own (what "missing" means for its protocol).
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Hints {

  private final Optional<Path> composeFile;
  private final BiFunction<DiagnosisCode, ServiceDefinition, Optional<String>> byKind;

  /**
   * Creates hints.
   *
   * @param composeFile the configured docker-compose file, if any
   * @param byKind a kind's own hint for a diagnosis, if it has one
   */
  public Hints(
      Optional<Path> composeFile,
      BiFunction<DiagnosisCode, ServiceDefinition, Optional<String>> byKind) {
    this.composeFile = composeFile;
    this.byKind = byKind;
  }

  /**
   * Hints without kind-specific wording.
   *
   * @param composeFile the configured docker-compose file, if any
   * @return the hints
   */
  public static Hints generic(Optional<Path> composeFile) {
    return new Hints(composeFile, (code, service) -> Optional.empty());
  }

  /**
   * The setting that names a service's URL, for hints: {@code infra.services.db.url=[...]}.
   *
   * @param service the service
   * @return the text
   */
  public static String urlSetting(ServiceDefinition service) {
    return service.urlSetting();
  }

  /**
   * The fix for a diagnosis of a service.
   *
   * @param code the diagnosis
   * @param service the service
   * @return one line
   */
  public String fix(DiagnosisCode code, ServiceDefinition service) {
    Optional<String> own = byKind.apply(code, service);
    if (own.isPresent()) {
      return own.get();
    }
    String kind = service.kind().displayName();
    String address = service.endpoint().address();
    String urlSetting = urlSetting(service);
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
            + InfraConfig.serviceKey(service.name(), ServiceCatalog.USERNAME)
            + " and "
            + InfraConfig.serviceKey(service.name(), ServiceCatalog.PASSWORD)
            + " (or the user-info of "
            + urlSetting
            + ")";
      case CLIENT_LIBRARY_MISSING:
        return "add the library named above to the test dependencies of the project";
      case RESOURCE_MISSING:
        return "correct the path in " + urlSetting;
      case DEGRADED:
        return "nothing to do for the tests; they run against the degraded " + kind;
      default:
        return "see the detail above; " + urlSetting;
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
