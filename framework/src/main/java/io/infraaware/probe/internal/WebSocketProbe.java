package io.infraaware.probe.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.Optional;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;

/** Probes a WebSocket endpoint with the Tyrus client: handshake, then a normal close. */
public final class WebSocketProbe extends ProtocolProbe {

  /**
   * Creates the probe.
   *
   * @param hints the fix hints
   */
  public WebSocketProbe(Hints hints) {
    super(hints);
  }

  @Override
  Answer handshake(ServiceDefinition service, Deadline deadline) throws Exception {
    // One client per probe: the handshake timeout is a client property, and the client's
    // transport threads must not outlive the probe.
    ClientManager client = ClientManager.createClient();
    client
        .getProperties()
        .put(ClientProperties.HANDSHAKE_TIMEOUT, (long) deadline.remainingMillis());
    try (Session session =
        client.connectToServer(
            new Endpoint() {
              @Override
              public void onOpen(Session session, EndpointConfig config) {
                // the handshake is the probe; nothing to exchange
              }
            },
            ClientEndpointConfig.Builder.create().build(),
            URI.create(service.endpoint().url()))) {
      session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "infraaware probe"));
      return Answer.up(null);
    } finally {
      client.shutdown();
    }
  }

  @Override
  Optional<Failure> classify(ServiceDefinition service, Exception thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof DeploymentHandshakeException) {
        int status = ((DeploymentHandshakeException) cause).getHttpStatusCode();
        String detail =
            "the WebSocket handshake with "
                + service.endpoint().maskedUrl()
                + " got HTTP "
                + status;
        if (status == 401 || status == 403) {
          return Optional.of(new Failure(DiagnosisCode.AUTHENTICATION_REJECTED, detail));
        }
        if (status == 404 || status == 410) {
          return Optional.of(new Failure(DiagnosisCode.RESOURCE_MISSING, detail));
        }
        if (status >= 500) {
          return Optional.of(new Failure(DiagnosisCode.UNHEALTHY, detail));
        }
        return Optional.of(new Failure(DiagnosisCode.PROTOCOL_MISMATCH, detail));
      }
    }
    return Optional.empty();
  }
}
