package io.infraaware.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The recent messages of each room in Redis, so reads survive a database outage. */
final class RecentCache implements AutoCloseable {

  static final int SIZE = 50;

  private final RedisClient client;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final Duration timeout;
  private final RedisURI uri;
  private final String url;
  private volatile StatefulRedisConnection<String, String> connection;

  RecentCache(SampleConfig config) {
    url = config.redisUrl();
    uri = RedisURI.create(url);
    timeout = config.effectiveRedisTimeout();
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

  /**
   * The one connection, made on first use (Redis may be down at start). Once made it is kept:
   * Lettuce reconnects it by itself after a drop, and while it does, commands are rejected at once
   * (a transient failure for the breaker), rather than a new connection being made per blip.
   */
  private StatefulRedisConnection<String, String> connection() {
    return connection(uri);
  }

  private StatefulRedisConnection<String, String> connection(RedisURI target) {
    StatefulRedisConnection<String, String> current = connection;
    if (current == null) {
      synchronized (this) {
        current = connection;
        if (current == null) {
          current = client.connect(target);
          connection = current;
        }
      }
    }
    return current;
  }

  /**
   * Makes the connection before the first user needs it, allowing a cold JVM the time it takes to
   * load Lettuce and Netty (over a second, which a scaled timeout of 100 ms would count as Redis
   * being down). Best effort, outside the breaker: Redis may be down at start.
   */
  void warmUp(Duration allowance) {
    RedisURI patient = RedisURI.create(url);
    patient.setTimeout(allowance.compareTo(timeout) > 0 ? allowance : timeout);
    try {
      connection(patient).sync().ping();
    } catch (RuntimeException e) {
      // down or slow: the breaker and the health checks will learn it
    }
  }

  /**
   * Adds messages a database read returned. The cache is a sorted set by id, so adding is a union:
   * a refill from an older read can never drop a message appended since, and the same message added
   * twice is kept once.
   */
  void put(String room, List<Message> messages) {
    if (messages.isEmpty()) {
      return;
    }
    List<Message> newest =
        messages.size() > SIZE
            ? messages.subList(messages.size() - SIZE, messages.size())
            : messages;
    List<ScoredValue<String>> members = new ArrayList<>();
    for (Message message : newest) {
      members.add(ScoredValue.just(message.id(), serialize(message)));
    }
    RedisCommands<String, String> redis = connection().sync();
    @SuppressWarnings({"unchecked", "rawtypes"})
    ScoredValue<String>[] values = members.toArray(new ScoredValue[0]);
    redis.zadd(key(room), values);
    trim(redis, room);
  }

  /** Adds a message just stored: the cache follows writes instead of being dropped by them. */
  void append(Message message) {
    RedisCommands<String, String> redis = connection().sync();
    redis.zadd(key(message.room()), message.id(), serialize(message));
    trim(redis, message.room());
  }

  private void trim(RedisCommands<String, String> redis, String room) {
    redis.zremrangebyrank(key(room), 0, -(SIZE + 1));
    redis.expire(key(room), 3600);
  }

  private String serialize(Message message) {
    try {
      return json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot cache a message of room " + message.room(), e);
    }
  }

  /** A room's cached messages, oldest first; empty when the room is not cached. */
  Optional<List<Message>> get(String room) {
    List<String> values = connection().sync().zrange(key(room), 0, -1);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    Map<Long, Message> byId = new TreeMap<>();
    for (String value : values) {
      try {
        Message message = json.readValue(value, Message.class);
        byId.putIfAbsent(message.id(), message);
      } catch (JsonProcessingException e) {
        // a member written by another version: skip it, the database has the message
      }
    }
    return Optional.of(List.copyOf(byId.values()));
  }

  /** A cheap check that Redis answers: PING. */
  void ping() {
    connection().sync().ping();
  }

  /** Where Redis is, for the network check. */
  java.net.InetSocketAddress address() {
    return java.net.InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort());
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

  private static String key(String room) {
    return "infraaware-sample:room:" + room + ":recent-by-id";
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
