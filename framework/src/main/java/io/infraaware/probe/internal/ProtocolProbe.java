package io.infraaware.probe.internal;

import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import java.util.Optional;

/**
 * The shape every probe shares: transport check first, then the protocol's own handshake, and an
 * exception turned into a diagnosis rather than thrown.
 */
abstract class ProtocolProbe implements ServiceProbe {

  /** What a handshake learnt: the version, and a failure when the service is not simply up. */
  record Answer(String version, Failure failure) {
    static Answer up(String version) {
      return new Answer(version, null);
    }
  }

  private final Hints hints;

  ProtocolProbe(Hints hints) {
    this.hints = hints;
  }

  @Override
  public final ProbeResult probe(ServiceDefinition service) {
    Deadline deadline = Deadline.after(service.probeTimeout());
    Answer answer;
    try {
      Optional<Failure> transport = TcpCheck.check(service, deadline);
      answer =
          transport.isPresent() ? new Answer(null, transport.get()) : handshake(service, deadline);
    } catch (Exception e) {
      answer =
          new Answer(null, classify(service, e).orElseGet(() -> Failures.classify(service, e)));
    }
    if (answer.failure() == null) {
      return ProbeResult.up(service, deadline.elapsed(), answer.version());
    }
    Failure failure = answer.failure();
    Diagnosis diagnosis =
        new Diagnosis(failure.code(), failure.detail(), hints.fix(failure.code(), service));
    return ProbeResult.diagnosed(service, deadline.elapsed(), answer.version(), diagnosis);
  }

  /**
   * Speaks the protocol: connect, authenticate, ask a trivial question and the version.
   *
   * @throws Exception anything the driver throws; {@link #classify} and {@link Failures} read it
   */
  abstract Answer handshake(ServiceDefinition service, Deadline deadline) throws Exception;

  /** Reads protocol-specific failures (credentials, missing database) from a driver exception. */
  Optional<Failure> classify(ServiceDefinition service, Exception thrown) {
    return Optional.empty();
  }
}
