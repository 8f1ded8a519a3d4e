package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infraaware.junit.RequiresService;
import io.infraaware.proxy.Fault;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WebSocket chat end to end through a database outage: messages sent during it are acknowledged
 * as queued, all stored once it ends and delivered to the room; a client that was away during the
 * outage resumes from the last id it saw without loss or duplicates.
 */
@RequiresService({"postgres", "redis"})
@ExtendWith(E2eStack.Resolver.class)
class ChatWebSocketScenarioIT {

  @AutoClose("shutdown")
  private final ClientManager client = ClientManager.createClient();

  private Session connect(E2eStack system, ChatWebSocketIT.Recorder recorder, Long after)
      throws Exception {
    return recorder.connect(client, system.stack.backendUri(), system.room, system.token, after);
  }

  private static void send(Session session, String text) throws Exception {
    session.getBasicRemote().sendText("{\"text\":\"" + text + "\",\"ref\":\"" + text + "\"}");
  }

  @Test
  void messagesSentDuringADatabaseOutageAreStoredAndDeliveredOnceAndAReturningClientMissesNone(
      E2eStack system) throws Exception {
    ChatWebSocketIT.Recorder sender = new ChatWebSocketIT.Recorder();
    AtomicReference<ChatWebSocketIT.Recorder> away =
        new AtomicReference<>(new ChatWebSocketIT.Recorder());
    Session sending = connect(system, sender, null);
    AtomicReference<Session> awaySession = new AtomicReference<>(connect(system, away.get(), null));
    List<String> duringOutage = List.of("w0", "w1", "w2", "w3", "w4");
    AtomicLong awayLastSeen = new AtomicLong();
    AtomicInteger steady = new AtomicInteger();
    system.run(
        system
            .scenario("e2e: WebSocket through a database outage")
            .steadyState(
                "a message reaches every client of the room",
                ctx -> {
                  String text = "s" + steady.getAndIncrement();
                  send(sending, text);
                  await(text + " delivered")
                      .atMost(Duration.ofSeconds(5))
                      .until(
                          () -> sender.texts().contains(text) && away.get().texts().contains(text));
                })
            .inject(system.postgres, Fault.outage())
            .hold(
                "messages are acknowledged as queued within the deadline and wait for the"
                    + " database; one client leaves meanwhile",
                ctx -> {
                  awayLastSeen.set(away.get().lastId());
                  awaySession.get().close();
                  int acksBefore = acks(sender).size();
                  for (String text : duringOutage) {
                    send(sending, text);
                  }
                  await("acknowledged")
                      .atMost(system.deadline().multipliedBy(duringOutage.size()).plusSeconds(5))
                      .until(() -> acks(sender).size() == acksBefore + duringOutage.size());
                  for (JsonNode ack : acks(sender).subList(acksBefore, acks(sender).size())) {
                    assertThat(ack.path("queued").asBoolean()).as("queued: %s", ack).isTrue();
                    assertThat(ack.path("degraded").asBoolean()).isTrue();
                  }
                  assertThat(system.resilience().bufferedWebSocketMessages())
                      .isEqualTo(duringOutage.size());
                  assertThat(sender.texts()).doesNotContainAnyElementsOf(duringOutage);
                })
            .recover(
                "every queued message is stored once and delivered once, in order; the client"
                    + " that left resumes with exactly what it missed",
                ctx -> {
                  await("delivered to the room once the database is back")
                      .atMost(system.recovery())
                      .until(() -> sender.texts().containsAll(duringOutage));
                  await("and only once")
                      .during(Duration.ofMillis(500))
                      .atMost(Duration.ofSeconds(5))
                      .until(() -> afterSteady(sender.texts()).equals(duringOutage));
                  List<String> stored = system.storedTexts();
                  for (String text : duringOutage) {
                    assertThat(stored).as("stored once: %s", text).containsOnlyOnce(text);
                  }
                  ChatWebSocketIT.Recorder back = new ChatWebSocketIT.Recorder();
                  awaySession.set(connect(system, back, awayLastSeen.get()));
                  await("the returning client gets what it missed, once, in order")
                      .during(Duration.ofMillis(500))
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> back.texts().equals(duringOutage));
                  away.set(back); // the steady state is checked again with it
                }));
  }

  private static List<JsonNode> acks(ChatWebSocketIT.Recorder recorder) {
    return recorder.frames.stream().filter(f -> f.path("type").asText().equals("ack")).toList();
  }

  /** The texts after the steady-state messages ({@code s0}, {@code s1}, ...). */
  private static List<String> afterSteady(List<String> texts) {
    List<String> rest = new ArrayList<>();
    for (String text : texts) {
      if (!text.matches("s\\d+")) {
        rest.add(text);
      }
    }
    return rest;
  }
}
