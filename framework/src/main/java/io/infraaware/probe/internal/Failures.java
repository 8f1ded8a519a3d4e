package io.infraaware.probe.internal;

import io.infraaware.config.Secrets;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import io.lettuce.core.RedisCommandTimeoutException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Reads a driver's exception chain for the transport-level cause that all protocols share. */
final class Failures {

  private Failures() {}

  static Failure classify(ServiceDefinition service, Throwable thrown) {
    String address = service.endpoint().address();
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException) {
        return new Failure(
            DiagnosisCode.NAME_RESOLUTION_FAILED,
            "host [" + service.endpoint().host() + "] does not resolve");
      }
      if (cause instanceof HttpConnectTimeoutException) {
        return new Failure(DiagnosisCode.CONNECT_TIMED_OUT, "no TCP connection to " + address);
      }
      if (cause instanceof ConnectException) {
        return new Failure(
            DiagnosisCode.CONNECTION_REFUSED, "connecting to " + address + " was refused");
      }
      if (cause instanceof SocketTimeoutException
          || cause instanceof HttpTimeoutException
          || cause instanceof TimeoutException
          || cause instanceof RedisCommandTimeoutException) {
        return new Failure(
            DiagnosisCode.NO_HANDSHAKE_ANSWER,
            service.kind().displayName()
                + " handshake with "
                + address
                + " did not complete: "
                + message(service, cause));
      }
      if (cause instanceof SSLException) {
        return new Failure(
            DiagnosisCode.TLS_FAILURE,
            "TLS with " + address + " failed: " + message(service, cause));
      }
      if (cause instanceof EOFException
          || cause instanceof ClosedChannelException
          || (cause instanceof SocketException
              && String.valueOf(cause.getMessage()).contains("reset"))) {
        return new Failure(
            DiagnosisCode.CONNECTION_CLOSED,
            address + " closed the connection during the handshake: " + message(service, cause));
      }
    }
    return new Failure(DiagnosisCode.PROBE_FAILED, message(service, thrown));
  }

  /** The exception's message with the service's secrets and URL user-info masked. */
  static String message(ServiceDefinition service, Throwable thrown) {
    String text =
        thrown.getMessage() == null ? thrown.getClass().getSimpleName() : thrown.getMessage();
    return Secrets.scrub(text, service.endpoint().password().orElse(null));
  }
}
