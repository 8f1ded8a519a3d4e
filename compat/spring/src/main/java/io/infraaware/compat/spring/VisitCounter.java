package io.infraaware.compat.spring;

import java.util.Properties;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Visit counts per pet, over the Redis connection that Spring Boot configures. */
@Component
public class VisitCounter {

  private final StringRedisTemplate redis;

  public VisitCounter(StringRedisTemplate redis) {
    this.redis = redis;
  }

  public long recordVisit(String pet) {
    Long visits = redis.opsForValue().increment("infraaware-spring:visits:" + pet);
    return visits == null ? 0 : visits;
  }

  /** The port of the server this application is connected to, as the server says. */
  public int serverPort() {
    Properties info =
        redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("server"));
    return info == null ? -1 : Integer.parseInt(info.getProperty("tcp_port"));
  }
}
