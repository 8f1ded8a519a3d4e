package io.infraaware.toxiproxy;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The bytes that have crossed one proxy so far, per direction, as Toxiproxy's proxy metrics count
 * them: upstream is client to server, downstream is server to client; received is what the proxy
 * read, sent is what it wrote on (less, when a toxic swallowed or cut data).
 *
 * <pre>{@code
 * ProxyTraffic traffic = server.traffic("redis").orElseThrow();
 * assertThat(traffic.receivedUpstream()).isPositive(); // the test's request went through the proxy
 * }</pre>
 *
 * @param proxy the proxy's name
 * @param receivedUpstream bytes read from clients
 * @param sentUpstream bytes written to the upstream
 * @param receivedDownstream bytes read from the upstream
 * @param sentDownstream bytes written to clients
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public record ProxyTraffic(
    String proxy,
    long receivedUpstream,
    long sentUpstream,
    long receivedDownstream,
    long sentDownstream) {}
