package io.infraaware.junit;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.config.LayeredConfigSource;
import io.infraaware.run.InfraRun;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The {@link InfraRun} of one launcher execution, in the root Store: JUnit closes it when the
 * execution ends, and its figures join the build's summary. What is costly (probes, provisioned
 * servers, the Toxiproxy server) lives for the JVM behind it, so the many executions of a Surefire
 * fork share it.
 */
@SuppressWarnings("deprecation") // CloseableResource: how JUnit before 5.13 closes stored values
final class ExecutionRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  static final Namespace NAMESPACE = Namespace.create("io.infraaware");

  private final InfraRun run;
  private final RuntimeException failure;

  private ExecutionRun(InfraRun run, RuntimeException failure) {
    this.run = run;
    this.failure = failure;
  }

  /**
   * The execution's run, created on first use; a configuration error surfaces as {@link
   * ExtensionConfigurationException}, the same for every test.
   */
  static InfraRun of(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    ExecutionRun holder =
        root.getStore(NAMESPACE)
            .getOrComputeIfAbsent(ExecutionRun.class, key -> open(root), ExecutionRun.class);
    if (holder.failure != null) {
      throw new ExtensionConfigurationException(holder.failure.getMessage(), holder.failure);
    }
    return holder.run;
  }

  /** Opens the execution's run now, if it is not open yet; a configuration error waits. */
  static void openNow(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    root.getStore(NAMESPACE)
        .getOrComputeIfAbsent(ExecutionRun.class, key -> open(root), ExecutionRun.class);
  }

  private static ExecutionRun open(ExtensionContext root) {
    try {
      return new ExecutionRun(
          InfraRun.open(LayeredConfigSource.over(root::getConfigurationParameter)), null);
    } catch (InfraConfigurationException e) {
      return new ExecutionRun(null, e);
    }
  }

  @Override
  public void close() {
    if (run != null) {
      run.close();
    }
  }
}
