package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The official toxiproxy-java client, unchanged, against the embedded server's API. */
class OfficialClientTests {

  private final ToxiproxyServer server = ToxiproxyServer.builder().start();
  private final ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port());

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void proxiesAreCreatedListedUpdatedAndDeleted() throws IOException {
    assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    Proxy redis = client.createProxy("redis", "127.0.0.1:0", "127.0.0.1:6379");
    assertThat(redis.getListen()).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:0");
    assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("redis");
    redis.setUpstream("127.0.0.1:6380");
    assertThat(client.getProxy("redis").getUpstream()).isEqualTo("127.0.0.1:6380");
    redis.disable();
    assertThat(client.getProxy("redis").isEnabled()).isFalse();
    redis.enable();
    redis.delete();
    assertThat(client.getProxyOrNull("redis")).isNull();
  }

  @Test
  void toxicsAreCreatedReadUpdatedAndRemoved() throws IOException {
    Proxy proxy = client.createProxy("p", "127.0.0.1:0", "127.0.0.1:6379");
    Latency latency = proxy.toxics().latency("slow", ToxicDirection.UPSTREAM, 100).setJitter(20);
    latency.setToxicity(0.5f);
    proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 64);
    proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
    proxy.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 1000);
    proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 500);
    proxy.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 64, 10);
    proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1024);
    assertThat(proxy.toxics().getAll())
        .extracting(toxic -> toxic.getName())
        .containsExactly("slow", "rp", "bw", "sc", "to", "sl", "ld");
    Latency read = proxy.toxics().get("slow", Latency.class);
    assertThat(read.getLatency()).isEqualTo(100);
    assertThat(read.getJitter()).isEqualTo(20);
    assertThat(read.getToxicity()).isEqualTo(0.5f);
    read.remove();
    assertThat(proxy.toxics().getAll()).hasSize(6);
    client.reset();
    assertThat(proxy.toxics().getAll()).isEmpty();
  }

  @Test
  void errorsReachTheClientAsTheRealServerSendsThem() throws IOException {
    client.createProxy("dup", "127.0.0.1:0", "127.0.0.1:6379");
    assertThatThrownBy(() -> client.createProxy("dup", "127.0.0.1:0", "127.0.0.1:6379"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("proxy already exists");
    assertThatThrownBy(() -> client.getProxy("missing"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("proxy not found");
  }
}
