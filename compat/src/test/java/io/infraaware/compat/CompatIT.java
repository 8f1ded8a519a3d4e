package io.infraaware.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A user's test against the machine's PostgreSQL, as the README shows it. */
@RequiresService("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatIT {

  private DataSource shared;

  @BeforeAll
  void connect(@Service("postgres") DataSource db) {
    shared = db;
  }

  @Test
  void selectsOne(@Service("postgres") Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Nested
  class WhenNested {
    @Test
    void theClassDataSourceStillWorks() throws SQLException {
      try (Connection connection = shared.getConnection()) {
        assertThat(connection.isValid(5)).isTrue();
      }
    }
  }
}
