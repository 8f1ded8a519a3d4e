package io.infraaware.run.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.docker.internal.DockerAvailability;
import io.infraaware.docker.internal.ToxiproxyContainers;
import io.infraaware.http.internal.HttpProvider;
import io.infraaware.probe.ClientLibraries;
import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.proxy.ChaosControl;
import io.infraaware.service.Provision;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The run's Toxiproxy server, treated as a service named {@value #NAME}: an external one is probed
 * ({@code GET /version}), the embedded one or a container is started; either way the outcome is a
 * probe result that skips, fails or lets through the tests that need proxies.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ChaosServer implements AutoCloseable {

  /** The name the server goes by in skip reasons and the summary. */
  public static final String NAME = "toxiproxy";

  private static final String SERVER_CLASS = "io.infraaware.toxiproxy.ToxiproxyServer";
  private static final String DOCKER_CLASS = "org.testcontainers.DockerClientFactory";

  private final ChaosControl control;
  private final ProbeResult result;

  private ChaosServer(ChaosControl control, ProbeResult result) {
    this.control = control;
    this.result = result;
  }

  static ChaosServer start(InfraConfig config, ProbeCache probes) {
    if (config.toxiproxyContainer()) {
      return container(config);
    }
    if (config.toxiproxyUrl().isPresent()) {
      return external(config, probes);
    }
    return embedded(config);
  }

  private static ServiceDefinition definition(InfraConfig config, String url) {
    ServiceEndpoint endpoint =
        ServiceEndpoint.parse(NAME, InfraConfig.TOXIPROXY_URL, url, HttpProvider.KIND, null, null);
    return new ServiceDefinition(
        endpoint,
        "/version",
        false,
        Optional.empty(),
        NAME,
        config.toxiproxyTimeout(),
        Provision.NONE);
  }

  private static ChaosServer external(InfraConfig config, ProbeCache probes) {
    ServiceDefinition server = definition(config, config.toxiproxyUrl().get().toString());
    ProbeResult probed = probes.probe(server);
    if (!probed.status().isUsable()) {
      return new ChaosServer(
          null,
          probed.withNote("or unset " + InfraConfig.TOXIPROXY_URL + " to use the embedded server"));
    }
    try {
      ChaosControl control =
          ChaosControl.external(config.toxiproxyUrl().get(), config.toxiproxyTimeout());
      return new ChaosServer(control, probed);
    } catch (RuntimeException e) {
      return failed(
          server,
          DiagnosisCode.PROTOCOL_MISMATCH,
          "it answers GET /version, but not as Toxiproxy does: " + e.getMessage(),
          "point " + InfraConfig.TOXIPROXY_URL + " at a Toxiproxy server's API");
    }
  }

  private static ChaosServer embedded(InfraConfig config) {
    ServiceDefinition server = definition(config, "http://127.0.0.1:8474");
    if (!ClientLibraries.isPresent(SERVER_CLASS)) {
      return failed(
          "the embedded Toxiproxy server",
          server,
          DiagnosisCode.CLIENT_LIBRARY_MISSING,
          "the embedded Toxiproxy server is not on the test class path",
          "add io.infraaware:infraaware-toxiproxy (or io.infraaware:infraaware-chaos) to your test"
              + " dependencies, or set "
              + InfraConfig.TOXIPROXY_URL
              + " to a running Toxiproxy");
    }
    try {
      ChaosControl control =
          ChaosControl.embedded(
              config.toxiproxySeed(), config.toxiproxyPort(), config.toxiproxyTimeout());
      ServiceDefinition started = definition(config, control.apiUrl().toString());
      return new ChaosServer(
          control, ProbeResult.up(started, Duration.ZERO, control.serverVersion()));
    } catch (RuntimeException e) {
      if (config.toxiproxyPort() != 0 && bindFailure(e)) {
        return failed(
            "the embedded Toxiproxy server",
            definition(config, "http://127.0.0.1:" + config.toxiproxyPort()),
            DiagnosisCode.PORT_IN_USE,
            "127.0.0.1:"
                + config.toxiproxyPort()
                + " is taken, so the embedded Toxiproxy server cannot listen there ("
                + InfraConfig.TOXIPROXY_PORT
                + "="
                + config.toxiproxyPort()
                + ")",
            "stop what listens there, choose another port in "
                + InfraConfig.TOXIPROXY_PORT
                + ", or remove it to use a free port");
      }
      return failed(
          "the embedded Toxiproxy server",
          server,
          DiagnosisCode.PROBE_FAILED,
          "the embedded Toxiproxy server did not start: " + e.getMessage(),
          "see the detail; or set " + InfraConfig.TOXIPROXY_URL + " to a running Toxiproxy");
    }
  }

  private static boolean bindFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  private static ChaosServer container(InfraConfig config) {
    ServiceDefinition server = definition(config, "http://127.0.0.1:8474");
    String what = "a Toxiproxy container (image " + config.toxiproxyImage() + ")";
    if (!ClientLibraries.isPresent(DOCKER_CLASS)) {
      return failed(
          what,
          server,
          DiagnosisCode.CLIENT_LIBRARY_MISSING,
          InfraConfig.TOXIPROXY_CONTAINER + "=true needs Testcontainers",
          "add org.testcontainers:testcontainers-toxiproxy to your test dependencies");
    }
    if (!DockerAvailability.system().isAvailable()) {
      return failed(
          what,
          server,
          DiagnosisCode.PROBE_FAILED,
          InfraConfig.TOXIPROXY_CONTAINER
              + "=true, but Docker is not available here (Testcontainers found no Docker"
              + " environment)",
          "unset it to use the embedded Toxiproxy server, or set "
              + InfraConfig.TOXIPROXY_URL
              + " to a running one");
    }
    try {
      ChaosControl control =
          ToxiproxyContainers.start(config.toxiproxyImage(), config.toxiproxyTimeout());
      ServiceDefinition started = definition(config, control.apiUrl().toString());
      return new ChaosServer(
          control, ProbeResult.up(started, Duration.ZERO, control.serverVersion()));
    } catch (RuntimeException e) {
      return failed(
          what,
          server,
          DiagnosisCode.PROBE_FAILED,
          "Toxiproxy in a container (image ["
              + config.toxiproxyImage()
              + "]) did not start: "
              + e.getMessage(),
          "see the detail; or unset " + InfraConfig.TOXIPROXY_CONTAINER);
    }
  }

  private static ChaosServer failed(
      ServiceDefinition server, DiagnosisCode code, String detail, String hint) {
    return new ChaosServer(
        null,
        ProbeResult.diagnosed(server, Duration.ZERO, null, new Diagnosis(code, detail, hint)));
  }

  private static ChaosServer failed(
      String what, ServiceDefinition server, DiagnosisCode code, String detail, String hint) {
    return new ChaosServer(null, failed(server, code, detail, hint).result.withEndpoint(what));
  }

  /** The server as a service: up, or why not. */
  public ProbeResult result() {
    return result;
  }

  /** The control; only for a run whose server is up. */
  public ChaosControl control() {
    if (control == null) {
      throw new IllegalStateException("No Toxiproxy server in this run: " + result.describe());
    }
    return control;
  }

  @Override
  public void close() {
    if (control != null) {
      control.close();
    }
  }
}
