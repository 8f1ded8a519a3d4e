package io.infraaware.probe.internal;

import io.infraaware.probe.DiagnosisCode;

/**
 * A diagnosis code with what was observed, before a hint is attached.
 *
 * @param code the code
 * @param detail what was observed, secrets masked
 */
record Failure(DiagnosisCode code, String detail) {}
