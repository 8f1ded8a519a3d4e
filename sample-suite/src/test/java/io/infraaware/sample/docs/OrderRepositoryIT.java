package io.infraaware.sample.docs;

// snippet:start getting-started
import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

// snippet:start readme
@RequiresService("postgres")
class OrderRepositoryIT {

  private final String order = "order-" + UUID.randomUUID();

  @Test
  void savesOrder(@Service("postgres") DataSource db) throws SQLException {
    // snippet:skip readme
    try (Connection connection = db.getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TEMPORARY TABLE orders (id text)");
      sql.execute("INSERT INTO orders VALUES ('" + order + "')");
      try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM orders")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
    // snippet:resume readme
  }

  @Test
  @RequiresService("redis") // just this test needs Redis too
  void cachesOrder(
      @Service("postgres") DataSource db,
      @Service("redis") StatefulRedisConnection<String, String> redis) {
    // snippet:skip readme
    redis.sync().setex(order, 60, "placed");
    assertThat(redis.sync().get(order)).isEqualTo("placed");
    // snippet:resume readme
  }
}
// snippet:end readme
// snippet:end getting-started
