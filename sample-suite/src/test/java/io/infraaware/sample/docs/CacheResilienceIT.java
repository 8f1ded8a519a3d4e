package io.infraaware.sample.docs;

// snippet:start proxy-in-a-test
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RequiresService("redis")
class CacheResilienceIT {

  @Test
  void survivesARedisOutage(@Service("redis") ServiceProxy redis) {
    RedisURI uri = RedisURI.create(redis.endpoint().url()); // through the proxy
    uri.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      try (ActiveFault outage = redis.outage()) {
        // the system under test sees its connections cut and refused here
        assertThatThrownBy(() -> connection.sync().ping()).isInstanceOf(RedisException.class);
      }
      // and the real Redis again here, once the client has reconnected
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .until(() -> "PONG".equals(connection.sync().ping()));
    } finally {
      client.shutdown();
    }
  }
}
// snippet:end proxy-in-a-test
