package io.infraaware.probe;

import io.infraaware.service.ServiceDefinition;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apiguardian.api.API;

/**
 * Reads an exception chain for the transport-level cause that all protocols share: for {@link
 * ServiceProbe#classify} implementations that handle their own cases and leave the rest.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ProbeFailures {

  private ProbeFailures() {}

  /**
   * The diagnosis for an exception a probe or its client library threw.
   *
   * @param service the service
   * @param thrown the exception
   * @return the failure; {@link DiagnosisCode#PROBE_FAILED} when nothing fits
   */
  public static ProbeFailure classify(ServiceDefinition service, Throwable thrown) {
    String address = service.endpoint().address();
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProbeFailure) {
        return (ProbeFailure) cause;
      }
      if (cause instanceof UnknownHostException) {
        return new ProbeFailure(
            DiagnosisCode.NAME_RESOLUTION_FAILED,
            "host [" + service.endpoint().host() + "] does not resolve");
      }
      if (cause instanceof ConnectException) {
        return new ProbeFailure(
            DiagnosisCode.CONNECTION_REFUSED, "connecting to " + address + " was refused");
      }
      if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
        return new ProbeFailure(
            DiagnosisCode.NO_HANDSHAKE_ANSWER,
            service.kind().displayName()
                + " at "
                + address
                + " did not answer in time: "
                + message(service, cause));
      }
      if (cause instanceof SSLException) {
        return new ProbeFailure(
            DiagnosisCode.TLS_FAILURE,
            "TLS with " + address + " failed: " + message(service, cause));
      }
      if (cause instanceof EOFException
          || cause instanceof ClosedChannelException
          || cause instanceof SocketException) {
        // reset, broken pipe: the peer went away during the exchange
        return new ProbeFailure(
            DiagnosisCode.CONNECTION_CLOSED,
            address + " closed the connection during the handshake: " + message(service, cause));
      }
    }
    return new ProbeFailure(DiagnosisCode.PROBE_FAILED, message(service, thrown));
  }

  /**
   * The exception's message (or its type), with the service's secrets and URL user-info masked.
   *
   * @param service the service
   * @param thrown the exception
   * @return the text
   */
  public static String message(ServiceDefinition service, Throwable thrown) {
    String text =
        thrown.getMessage() == null ? thrown.getClass().getSimpleName() : thrown.getMessage();
    return service.endpoint().scrub(text);
  }
}
