package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

/** HTTP and WebSocket on one port, as the sample serves them. */
class HttpServerHostTests {

  /** Answers every text message with the same text, upper case. */
  public static class Shout extends jakarta.websocket.Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(
          String.class,
          (MessageHandler.Whole<String>)
              text -> session.getAsyncRemote().sendText(text.toUpperCase(java.util.Locale.ROOT)));
    }
  }

  @Test
  void servesHttpAndWebSocketOnTheSamePort() throws Exception {
    HttpServerHost.Handler hello =
        (request, response, body) -> {
          response.setContentType("text/plain");
          response.getWriter().write("hello " + request.getRequestURI());
        };
    try (HttpServerHost host =
        HttpServerHost.start(
            "127.0.0.1",
            0,
            4,
            SampleConfig.HttpTimeouts.DEFAULTS,
            hello,
            ServerEndpointConfig.Builder.create(Shout.class, "/ws/shout").build())) {
      HttpResponse<String> http =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(host.uri().resolve("/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(http.body()).isEqualTo("hello /health");

      List<String> received = new CopyOnWriteArrayList<>();
      ClientManager client = ClientManager.createClient();
      try {
        Session session =
            client.connectToServer(
                new Endpoint() {
                  @Override
                  public void onOpen(Session opened, EndpointConfig config) {
                    opened.addMessageHandler(
                        String.class, (MessageHandler.Whole<String>) received::add);
                  }
                },
                ClientEndpointConfig.Builder.create().build(),
                URI.create("ws://127.0.0.1:" + host.port() + "/ws/shout"));
        session.getBasicRemote().sendText("psst");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("PSST"));
        session.close();
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aWebSocketHandshakeTyrusRefusesIsAnsweredInJson() throws Exception {
    try (HttpServerHost host =
            HttpServerHost.start(
                "127.0.0.1",
                0,
                4,
                SampleConfig.HttpTimeouts.DEFAULTS,
                (request, response, body) -> response.getWriter().write("not here"),
                ServerEndpointConfig.Builder.create(Shout.class, "/ws/shout").build());
        RawHttp client = RawHttp.connect(host.uri(), Duration.ofSeconds(10))) {
      // an upgrade without Sec-WebSocket-Key: Tyrus refused it with a bare 500
      RawHttp.Answer answer =
          client
              .send(
                  "GET /ws/shout HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .read();
      assertThat(answer.status()).isGreaterThanOrEqualTo(400);
      assertThat(answer.headers().get("content-type")).startsWith("application/json");
      assertThat(Http.JSON.readTree(answer.body()).path("status").asInt())
          .isEqualTo(answer.status());
    }
  }
}
