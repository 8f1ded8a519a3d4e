package io.infraaware.spring.internal;

import io.infraaware.run.InfraRun;
import io.infraaware.run.Requirement;
import io.infraaware.run.Verdict;
import java.util.List;
import org.apiguardian.api.API;
import org.opentest4j.TestAbortedException;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Judges a test class's services before its Spring context loads, listed in {@code
 * META-INF/spring.factories} and ordered before every listener that loads the context.
 *
 * <p>JUnit judges a class's own {@code @RequiresService} before it creates a test instance, so an
 * unavailable class-level service skips the class without a context. A service named on a method is
 * judged by JUnit only after the instance exists, and Spring loads the context while preparing the
 * instance: without this listener the context would load against a service that is not there and
 * the test would end as "Failed to load ApplicationContext". Here every service the class names
 * (the context gets them all) is judged first: when one is unavailable the context is not loaded
 * and the test is skipped with the diagnosis (or fails with it in {@code require} mode).
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class InfraTestExecutionListener implements TestExecutionListener, Ordered {

  /** Before Spring's and Boot's listeners, the first of which loads the context at order 1000. */
  static final int ORDER = 500;

  /** Created by Spring's test framework. */
  public InfraTestExecutionListener() {}

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void prepareTestInstance(TestContext testContext) {
    if (testContext.hasApplicationContext()) {
      return; // loaded for an earlier test or class with the same services: they were usable
    }
    Class<?> testClass = testContext.getTestClass();
    List<String> services = DeclaredServices.of(testClass);
    if (services.isEmpty()) {
      return;
    }
    InfraRun run = SpringRuns.current();
    String display = testClass.getSimpleName() + " (its Spring test context)";
    if (run.check(new Requirement(services, false, 0, display)) instanceof Verdict.Available) {
      return;
    }
    // counted once per test that does not run, as Surefire counts it
    Verdict verdict = run.decide(new Requirement(services, false, 1, display));
    if (verdict instanceof Verdict.Skipped skipped) {
      throw new TestAbortedException(
          skipped.reason()
              + " [the Spring test context of "
              + testClass.getName()
              + " gets every service the class names ("
              + String.join(", ", services)
              + "), so it was not started and this test is skipped]");
    }
    if (verdict instanceof Verdict.Failed failed) {
      throw failed.failure();
    }
  }
}
