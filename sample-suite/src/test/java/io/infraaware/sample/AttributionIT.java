package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.junit.TestProxies;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A long-running test class whose database goes away halfway through, for real: the class's
 * PostgreSQL is reached at an address that stops answering in the middle of its third test (a proxy
 * this test disables, standing for a database restarting). The test that lost its connection is
 * skipped with the service's diagnosis and what it failed with, the next one is decided with a
 * fresh probe and skipped, and once the database is back the last ones run; the summary's timeline
 * says when it went away, which tests it took with it, and when it came back.
 */
@RequiresService("postgres")
class AttributionIT {

  /** The database going away and coming back, as the class sees it. */
  static final AtomicReference<ServiceProxy> NETWORK = new AtomicReference<>();

  static final List<ActiveFault> OUTAGES = new ArrayList<>();

  @Test
  void aTestWhoseDatabaseWentAwayIsSkippedWithTheCauseAndTheSummaryTellsTheStory(
      @Service("postgres") ServiceEndpoint postgres, TestProxies proxies, @TempDir Path reports)
      throws IOException {
    NETWORK.set(proxies.proxy(postgres));
    ServiceEndpoint through = NETWORK.get().endpoint();
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(LongRunningTestCase.class))
            .configurationParameters(
                Map.of(
                    "infra.mode", "skip",
                    "infra.report.dir", reports.toString(),
                    "infra.probe.reuse-within", "0s",
                    "infra.services.orders-db.url", through.url(),
                    "infra.services.orders-db.username", through.username().orElse("postgres")))
            .execute();
    try {
      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("writesAnOrder"), finishedSuccessfully()))
          .haveExactly(1, event(test("readsItBack"), finishedSuccessfully()))
          .haveExactly(
              1,
              event(
                  test("losesTheDatabase"),
                  abortedWithReason(
                      message(
                          m ->
                              m.startsWith(
                                      "Service [orders-db] at ["
                                          + through.maskedUrl()
                                          + "] went away during this test: connection refused")
                                  && m.contains("; the test failed with org.postgresql")))))
          .haveExactly(
              1,
              event(
                  test("needsItWhileItIsGone"),
                  skippedWithReason(r -> r.startsWith("Service [orders-db]"))))
          .haveExactly(1, event(test("bringsItBack"), finishedSuccessfully()))
          .haveExactly(1, event(test("usesItAgain"), finishedSuccessfully()));
    } finally {
      OUTAGES.forEach(ActiveFault::close);
    }
    JsonNode db =
        new ObjectMapper()
            .readTree(reports.resolve("infrastructure-summary.json").toFile())
            .path("services")
            .get(0);
    assertThat(db.path("skipped").asInt())
        .as("the test it took, and the one while gone")
        .isEqualTo(2);
    assertThat(db.path("timeline"))
        .extracting(event -> event.path("event").asText())
        .containsExactly("went away", "came back");
    assertThat(db.path("timeline").get(0).path("detail").asText())
        .startsWith("during losesTheDatabase(DataSource): Service [orders-db]");
  }

  /** Each test that needs the database says so with its parameter; the fifth needs nothing. */
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class LongRunningTestCase {

    @Test
    @Order(1)
    void writesAnOrder(@Service("orders-db") DataSource db) throws SQLException {
      try (Connection connection = db.getConnection();
          Statement sql = connection.createStatement()) {
        assertThat(sql.execute("SELECT 1")).isTrue();
      }
    }

    @Test
    @Order(2)
    void readsItBack(@Service("orders-db") DataSource db) throws SQLException {
      writesAnOrder(db);
    }

    @Test
    @Order(3)
    void losesTheDatabase(@Service("orders-db") DataSource db) throws SQLException {
      try (Connection connection = db.getConnection();
          Statement sql = connection.createStatement()) {
        OUTAGES.add(NETWORK.get().outage()); // the database goes away in the middle of the test
        sql.execute("SELECT 1");
      }
    }

    @Test
    @Order(4)
    void needsItWhileItIsGone(@Service("orders-db") DataSource db) throws SQLException {
      writesAnOrder(db);
    }

    @Test
    @Order(5)
    void bringsItBack() {
      OUTAGES.forEach(ActiveFault::close);
    }

    @Test
    @Order(6)
    void usesItAgain(@Service("orders-db") DataSource db) throws SQLException {
      writesAnOrder(db);
    }
  }
}
