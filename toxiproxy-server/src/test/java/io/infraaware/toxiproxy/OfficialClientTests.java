package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official toxiproxy-java client, unchanged, against the embedded server's API: what its own
 * suite checks against the real server (listing, reset, errors, every toxic's setters), on ports
 * the kernel picks.
 */
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

  private static int port(Proxy proxy) {
    return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
  }

  @Test
  void proxiesAreListedByNameAndDeletedToNone() throws IOException {
    List<Proxy> created = new ArrayList<>();
    for (int i = 2; i >= 0; i--) {
      created.add(client.createProxy("test-proxy" + i, "127.0.0.1:0", "localhost:" + (6379 + i)));
    }
    List<Proxy> listed = client.getProxies();
    assertThat(listed)
        .extracting(Proxy::getName)
        .containsExactly("test-proxy0", "test-proxy1", "test-proxy2");
    for (int i = 0; i < 3; i++) {
      assertThat(listed.get(i).isEnabled()).isTrue();
      assertThat(listed.get(i).getUpstream()).isEqualTo("localhost:" + (6379 + i));
      assertThat(port(listed.get(i))).isEqualTo(port(created.get(2 - i)));
    }
    for (Proxy proxy : listed) {
      proxy.delete();
    }
    assertThat(client.getProxies()).isEmpty();
  }

  @Test
  void resetRemovesEveryToxicAndEnablesEveryProxy() throws IOException {
    Proxy proxy = client.createProxy("test-proxy", "127.0.0.1:0", "localhost:6379");
    proxy.toxics().latency("latency-toxic-down", ToxicDirection.DOWNSTREAM, 10);
    proxy.toxics().latency("latency-toxic-up", ToxicDirection.UPSTREAM, 10);
    proxy.disable();
    assertThat(proxy.isEnabled()).isFalse();
    client.reset();
    assertThat(proxy.toxics().getAll()).isEmpty();
    assertThat(client.getProxy("test-proxy").isEnabled()).isTrue();
  }

  @Test
  void anErrorCarriesTheStatusAndTheServersMessage() throws IOException {
    client.createProxy("test-proxy", "127.0.0.1:0", "localhost:6379");
    assertThatThrownBy(() -> client.createProxy("test-proxy", "127.0.0.1:0", "localhost:6379"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("[409] proxy already exists");
  }

  @Test
  void toxicsComeBackTypedWithTheirStreamAndToxicity() throws IOException {
    Proxy proxy = client.createProxy("test-proxy", "127.0.0.1:0", "localhost:6379");
    ToxicList toxics = proxy.toxics();
    toxics.bandwidth("my-toxic", ToxicDirection.DOWNSTREAM, 100);
    toxics.bandwidth("my-toxic-2", ToxicDirection.UPSTREAM, 200);
    toxics.limitData("limit-data-up", ToxicDirection.UPSTREAM, 10);
    toxics.resetPeer("reset-peer-down", ToxicDirection.DOWNSTREAM, 10);
    ToxicList read = client.getProxy("test-proxy").toxics();
    assertThat(read.getAll())
        .extracting(Toxic::getName)
        .containsExactly("my-toxic-2", "limit-data-up", "my-toxic", "reset-peer-down");
    assertThat(read.getAll())
        .extracting(toxic -> toxic.getClass().getSimpleName())
        .containsExactly("Bandwidth", "LimitData", "Bandwidth", "ResetPeer");
    Bandwidth bandwidth = read.get("my-toxic", Bandwidth.class);
    assertThat(bandwidth.getRate()).isEqualTo(100);
    assertThat(bandwidth.getStream()).isEqualTo(ToxicDirection.DOWNSTREAM);
    assertThat(bandwidth.getToxicity()).isEqualTo(1.0f);
    assertThat(read.get("my-toxic-2", Bandwidth.class).getStream())
        .isEqualTo(ToxicDirection.UPSTREAM);
    assertThat(read.get("limit-data-up", LimitData.class).getBytes()).isEqualTo(10);
    assertThat(read.get("reset-peer-down", ResetPeer.class).getTimeout()).isEqualTo(10);
    read.get("my-toxic").remove();
    assertThat(toxics.getAll()).hasSize(3);
  }

  @Test
  void everyToxicsSettersUpdateItOnTheServer() throws IOException {
    ToxicList toxics = client.createProxy("test-proxy", "127.0.0.1:0", "localhost:6379").toxics();
    Bandwidth bandwidth = toxics.bandwidth("bw", ToxicDirection.UPSTREAM, 100);
    bandwidth.setRate(200);
    bandwidth.setToxicity(0.1f);
    Latency latency = toxics.latency("lat", ToxicDirection.UPSTREAM, 100);
    latency.setLatency(200);
    latency.setJitter(10);
    Slicer slicer = toxics.slicer("sl", ToxicDirection.UPSTREAM, 100, 10);
    slicer.setAverageSize(200);
    slicer.setSizeVariation(20);
    slicer.setDelay(20);
    toxics.slowClose("sc", ToxicDirection.UPSTREAM, 100).setDelay(200);
    toxics.timeout("to", ToxicDirection.UPSTREAM, 100).setTimeout(200);
    toxics.limitData("ld", ToxicDirection.UPSTREAM, 100).setBytes(200);
    toxics.resetPeer("rp", ToxicDirection.UPSTREAM, 100).setTimeout(200);

    ToxicList read = client.getProxy("test-proxy").toxics();
    Bandwidth readBandwidth = read.get("bw", Bandwidth.class);
    assertThat(readBandwidth.getRate()).isEqualTo(200);
    assertThat(readBandwidth.getToxicity()).isEqualTo(0.1f);
    Latency readLatency = read.get("lat", Latency.class);
    assertThat(readLatency.getLatency()).isEqualTo(200);
    assertThat(readLatency.getJitter()).isEqualTo(10);
    Slicer readSlicer = read.get("sl", Slicer.class);
    assertThat(readSlicer.getAverageSize()).isEqualTo(200);
    assertThat(readSlicer.getSizeVariation()).isEqualTo(20);
    assertThat(readSlicer.getDelay()).isEqualTo(20);
    assertThat(read.get("sc", SlowClose.class).getDelay()).isEqualTo(200);
    assertThat(read.get("to", Timeout.class).getTimeout()).isEqualTo(200);
    assertThat(read.get("ld", LimitData.class).getBytes()).isEqualTo(200);
    assertThat(read.get("rp", ResetPeer.class).getTimeout()).isEqualTo(200);
  }

  @Test
  void aProxyDeletedAndCreatedAgainOnItsPortWorksEveryTime() throws IOException {
    Proxy proxy = client.createProxy("test-proxy", "127.0.0.1:0", "localhost:6379");
    String listen = proxy.getListen();
    for (int i = 0; i < 50; i++) {
      proxy.delete();
      proxy = client.createProxy("test-proxy", listen, "localhost:6379");
      assertThat(proxy.getListen()).isEqualTo(listen);
    }
  }
}
