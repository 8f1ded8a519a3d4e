package io.infraaware.probe;

import java.util.Objects;

/**
 * Thrown by a probe that has found why a service is not up: a diagnosis code and what was observed.
 * The framework adds the fix hint and the latency.
 *
 * <pre>{@code
 * if (reply.startsWith("-NOAUTH")) {
 *   throw new ProbeFailure(DiagnosisCode.AUTHENTICATION_REJECTED, "Redis asks for a password");
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class ProbeFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final DiagnosisCode code;

  /**
   * Creates the failure.
   *
   * @param code the diagnosis code
   * @param detail what was observed; it is printed, so it must not contain secrets
   */
  public ProbeFailure(DiagnosisCode code, String detail) {
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  /**
   * The diagnosis code.
   *
   * @return the code
   */
  public DiagnosisCode code() {
    return code;
  }

  /**
   * What was observed.
   *
   * @return the detail
   */
  public String detail() {
    return getMessage();
  }
}
