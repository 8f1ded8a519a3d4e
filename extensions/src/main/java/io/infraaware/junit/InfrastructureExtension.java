package io.infraaware.junit;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The extension behind {@link InfrastructureAware} and {@link RequiresService}: a condition that
 * probes the required services, callbacks that fail what must fail and heal what a test injected,
 * and a resolver for {@link Service} parameters.
 *
 * <p>It holds no state: the run (configuration, probe results, the summary) lives in the root
 * Store, each context's verdict in its own Store, proxies in the class's.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class InfrastructureExtension
    implements ExecutionCondition,
        BeforeAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AfterAllCallback,
        ParameterResolver,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

  /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
  public InfrastructureExtension() {}

  /** Skips with the diagnosis when a required service is unavailable. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()
        && context.getTestClass().filter(SpringConstructors::extendedBySpring).isPresent()) {
      // Spring loads the class's context before any method's condition runs: the run it asks for
      // (InfraRun.current()) must be this execution's, even when the class itself needs nothing
      ExecutionRun.openNow(context);
    }
    return Requirements.of(context).condition();
  }

  /** Fails the class when its verdict is a failure (misconfiguration, require mode). */
  @Override
  public void beforeAll(ExtensionContext context) {
    Requirements.of(context).enforce();
  }

  /** Fails the test when its verdict is a failure. */
  @Override
  public void beforeEach(ExtensionContext context) {
    Requirements.of(context).enforce();
  }

  /** Whatever a test injected is removed, even when it failed, threw or timed out. */
  @Override
  public void afterEach(ExtensionContext context) {
    ClassProxies.heal(context);
  }

  /** The class's proxies go with it, so the next class starts clean. */
  @Override
  public void afterAll(ExtensionContext context) {
    ClassProxies.close(context);
  }

  /**
   * A test that failed because its service went away is skipped (or fails in {@code require} mode)
   * with the service's diagnosis first; any other failure is the test's own, unchanged.
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    Attributions.handle(context, throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    Attributions.handle(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    Attributions.handle(context, throwable);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    Attributions.handle(context, throwable);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    Attributions.handle(context, throwable);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    // a @Service constructor parameter that Spring autowires is Spring's (infraaware-spring
    // resolves it there): two resolvers for one parameter would fail the class
    return ServiceParameters.supports(parameter)
        && !(parameter.isAnnotated(Service.class)
            && SpringConstructors.autowiredBySpring(
                parameter.getParameter().getDeclaringExecutable(), context));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return ServiceParameters.resolve(parameter, context);
  }
}
