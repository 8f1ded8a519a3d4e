package io.infraaware.probe;

import java.util.Objects;
import org.apiguardian.api.API;

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
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public class ProbeFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final DiagnosisCode code;
  private final String hint;

  /**
   * Creates the failure; the fix hint is the framework's (or the kind's) for the code.
   *
   * @param code the diagnosis code
   * @param detail what was observed; it is printed, so it must not contain secrets
   */
  public ProbeFailure(DiagnosisCode code, String detail) {
    this(code, detail, null);
  }

  /**
   * Creates the failure with its own fix hint, for what only the probe knows how to fix.
   *
   * @param code the diagnosis code
   * @param detail what was observed; it is printed, so it must not contain secrets
   * @param hint one line saying how to fix it, or null for the framework's
   */
  public ProbeFailure(DiagnosisCode code, String detail, String hint) {
    super(Objects.requireNonNull(detail, "detail"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.hint = hint;
  }

  /**
   * The probe's own fix hint.
   *
   * @return the hint, or empty for the framework's
   */
  public java.util.Optional<String> hint() {
    return java.util.Optional.ofNullable(hint);
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
