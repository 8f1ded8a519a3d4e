package io.infraaware.run.internal;

import io.infraaware.config.InfraConfig;
import java.util.Optional;

/**
 * What marks one build, so that every JVM of it adds to one summary and no earlier build's figures
 * are counted: {@code infra.build.id} when set; otherwise the Maven process that started this JVM
 * (Surefire and Failsafe forks of one {@code mvn} run share it); otherwise this JVM's parent
 * process, loosely: the JVMs a Gradle daemon or an IDE starts belong to one build while one of them
 * runs or the last finished moments ago.
 *
 * @param value the identity
 * @param exact false for the parent-process guess, which a long-lived parent reuses
 */
record BuildId(String value, boolean exact) {

  private static final String MAVEN_LAUNCHER = "org.codehaus.plexus.classworlds";

  static BuildId of(InfraConfig config) {
    Optional<String> explicit = config.buildId();
    if (explicit.isPresent()) {
      return new BuildId("configured-" + explicit.get(), true);
    }
    ProcessHandle current = ProcessHandle.current();
    // Surefire starts a fork through /bin/sh -c, so Maven is the grandparent; look a little higher
    Optional<ProcessHandle> ancestor = current.parent();
    for (int depth = 0; depth < 4 && ancestor.isPresent(); depth++) {
      ProcessHandle process = ancestor.get();
      if (isMaven(process)) {
        return new BuildId("maven-" + JvmIdentity.of(process).fileName(), true);
      }
      ancestor = process.parent();
    }
    return current
        .parent()
        .map(parent -> new BuildId("parent-" + JvmIdentity.of(parent).fileName(), false))
        .orElseGet(() -> new BuildId("jvm-" + JvmIdentity.CURRENT.fileName(), true));
  }

  private static boolean isMaven(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    if (info.arguments().isPresent()) {
      for (String argument : info.arguments().get()) {
        if (argument.contains(MAVEN_LAUNCHER)) {
          return true;
        }
      }
      return false;
    }
    return info.commandLine().map(line -> line.contains(MAVEN_LAUNCHER)).orElse(false);
  }
}
