package io.infraaware.junit;

import io.infraaware.time.TimeScale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link InfrastructureAware} and {@link RequiresService}: a condition that
 * probes the required services and a resolver for {@link Service} parameters.
 *
 * <p>It holds no state; the run's configuration and probe results live in the root Store.
 *
 * @since 0.1.0
 */
public class InfrastructureExtension
    implements ExecutionCondition,
        BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AfterAllCallback,
        ParameterResolver {

  private static final String PENDING_FAILURE = "pending-failure:";

  /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
  public InfrastructureExtension() {}

  /**
   * Skips with the diagnosis; a failure (misconfiguration, {@code require} mode) is kept for the
   * before-callbacks, because JUnit would bury an exception thrown here under "Failed to evaluate
   * condition".
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    ServiceGate.Verdict verdict = ServiceGate.evaluate(context, RequiredServices.of(context));
    if (verdict.failure() != null) {
      context.getStore(InfraRun.NAMESPACE).put(pendingKey(context), verdict.failure());
    }
    return verdict.result();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    failIfPending(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    failIfPending(context);
  }

  /** Whatever a test injected is removed, even when it failed, threw or timed out. */
  @Override
  public void afterEach(ExtensionContext context) {
    ChaosSupport.heal(context);
  }

  /** The class's proxies go with it, so the next class starts clean. */
  @Override
  public void afterAll(ExtensionContext context) {
    ChaosSupport.closeClass(context);
  }

  private static void failIfPending(ExtensionContext context) {
    RuntimeException failure =
        context.getStore(InfraRun.NAMESPACE).remove(pendingKey(context), RuntimeException.class);
    if (failure != null) {
      throw failure;
    }
  }

  private static String pendingKey(ExtensionContext context) {
    return PENDING_FAILURE + context.getUniqueId();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return parameter.isAnnotated(Service.class)
        || type == TimeScale.class
        || type == TestProxies.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    if (parameter.isAnnotated(Service.class)) {
      return ServiceParameters.resolve(parameter, context);
    }
    if (parameter.getParameter().getType() == TestProxies.class) {
      return ChaosSupport.testProxies(context);
    }
    return InfraRun.of(context).config().timeScale();
  }
}
