package io.infraaware.sample.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.Service;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A database of the run's own on the shared PostgreSQL ({@code infra.services.shop-db.isolation=
 * database} in this suite's {@code infraaware.properties}): a plain {@code CREATE TABLE orders}
 * cannot collide with another run's, and nothing is left behind.
 */
// snippet:start isolation
class HermeticOrdersIT {

  @Test
  void ordersLiveInTheRunsOwnDatabase(@Service("shop-db") DataSource db) throws SQLException {
    try (Connection connection = db.getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLE IF NOT EXISTS orders (id text)"); // no unique names needed
      try (ResultSet database = sql.executeQuery("SELECT current_database()")) {
        assertThat(database.next()).isTrue();
        assertThat(database.getString(1)).startsWith("infraaware_"); // not the configured "test"
      }
    }
  }
}
// snippet:end isolation
