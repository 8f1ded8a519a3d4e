package io.infraaware.probe;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Why a service is not up, in detail, and how to fix it.
 *
 * @param code the kind of problem
 * @param detail what exactly was observed, secrets masked
 * @param hint one line saying how to fix it
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record Diagnosis(DiagnosisCode code, String detail, String hint) {

  /** Checks the components. */
  public Diagnosis {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(hint, "hint");
  }
}
