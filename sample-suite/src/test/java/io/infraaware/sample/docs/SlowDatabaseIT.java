package io.infraaware.sample.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A fault injected by hand, as docs/faults.md shows it: a slow database. */
@RequiresService("postgres")
class SlowDatabaseIT {

  @Test
  void queriesWaitOutTheLatencyWhileItIsOn(@Service("postgres") ServiceProxy postgres)
      throws SQLException {
    ServiceEndpoint through = postgres.endpoint();
    try (Connection connection =
            DriverManager.getConnection(
                through.url(), through.username().orElse(null), through.password().orElse(null));
        Statement sql = connection.createStatement()) {
      // snippet:start inject
      try (ActiveFault slow =
          postgres.inject(
              Fault.latency(Duration.ofMillis(300)).withJitter(Duration.ofMillis(50)).upstream())) {
        // the system under test sees a slow database here
        // snippet:skip inject
        assertThat(timeOf(sql)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(slow.manifested()).as("the query crossed the proxy while it was slow").isTrue();
        // snippet:resume inject
      }
      // snippet:end inject
    }
  }

  private static Duration timeOf(Statement sql) throws SQLException {
    long start = System.nanoTime();
    sql.execute("SELECT 1");
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
