package io.infraaware.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The recent messages of each room in Redis, so reads survive a database outage. */
final class RecentCache implements AutoCloseable {

  static final int SIZE = 50;

  private final RedisClient client;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final Duration timeout;
  private volatile StatefulRedisConnection<String, String> connection;

  RecentCache(SampleConfig config) {
    RedisURI uri = RedisURI.create(config.redisUrl());
    timeout = config.timeout(config.redisTimeout());
    uri.setTimeout(timeout);
    client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            // queued commands would wait out a Redis outage; fail them and serve from the database
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> current = connection;
    if (current == null || !current.isOpen()) {
      synchronized (this) {
        current = connection;
        if (current == null || !current.isOpen()) {
          current = client.connect();
          connection = current;
        }
      }
    }
    return current;
  }

  /** Replaces a room's cached messages. */
  void put(String room, List<Message> messages) {
    List<Message> newest =
        messages.size() > SIZE
            ? messages.subList(messages.size() - SIZE, messages.size())
            : messages;
    try {
      connection().sync().setex(key(room), 3600, json.writeValueAsString(newest));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot cache messages of room " + room, e);
    }
  }

  /** A room's cached messages, oldest first. */
  Optional<List<Message>> get(String room) {
    String value = connection().sync().get(key(room));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Arrays.asList(json.readValue(value, Message[].class)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Marks a user present in a room (for an hour unless they leave). */
  void join(String room, String user) {
    connection().sync().sadd(presenceKey(room), user);
    connection().sync().expire(presenceKey(room), 3600);
  }

  /** Marks a user gone from a room. */
  void leave(String room, String user) {
    connection().sync().srem(presenceKey(room), user);
  }

  /** Who is in a room, sorted. */
  List<String> present(String room) {
    return connection().sync().smembers(presenceKey(room)).stream().sorted().toList();
  }

  private static String presenceKey(String room) {
    return "infraaware-sample:room:" + room + ":presence";
  }

  /** Drops a room's cache after a write that the cache does not hold yet. */
  void evict(String room) {
    connection().sync().del(key(room));
  }

  private static String key(String room) {
    return "infraaware-sample:room:" + room + ":recent";
  }

  /** The connect and command timeout as used. */
  Duration timeout() {
    return timeout;
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
