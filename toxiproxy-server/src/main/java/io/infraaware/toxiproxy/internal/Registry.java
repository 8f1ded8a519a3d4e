package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apiguardian.api.API;

/** The server's proxies by name, and the operations of the API on them. */
@API(status = INTERNAL, since = "0.1.0")
public final class Registry implements AutoCloseable {

  /** What a client asked a proxy to be. */
  @API(status = INTERNAL, since = "0.1.0")
  public record ProxySpec(String name, String listen, String upstream, Boolean enabled) {}

  /** What a client asked a toxic to be. */
  record ToxicSpec(String name, String type, String stream, float toxicity) {}

  private final Map<String, ToxicProxy> proxies = new TreeMap<>();
  private final ServerThreads threads;

  public Registry(ServerThreads threads) {
    this.threads = threads;
  }

  synchronized List<ToxicProxy> proxies() {
    return new ArrayList<>(proxies.values());
  }

  /**
   * A proxy by name.
   *
   * @param name the proxy's name
   * @return the proxy, or empty
   */
  public synchronized Optional<ToxicProxy> find(String name) {
    return Optional.ofNullable(proxies.get(name));
  }

  synchronized ToxicProxy require(String name) throws ApiException {
    ToxicProxy proxy = proxies.get(name);
    if (proxy == null) {
      throw new ApiException(404, "proxy not found");
    }
    return proxy;
  }

  /**
   * The longest name, in UTF-8 bytes, of a proxy or toxic: percent-encoded, the names of a proxy
   * and a toxic still fit a request line (1 MiB), so every name the API accepts can be asked for.
   */
  static final int MAX_NAME = 65536;

  static void validate(ProxySpec spec, String suffix) throws ApiException {
    if (spec.name() == null || spec.name().isEmpty()) {
      throw new ApiException(400, "missing required field: name" + suffix);
    }
    checkName("proxy", spec.name(), suffix);
    if (spec.upstream() == null || spec.upstream().isEmpty()) {
      throw new ApiException(400, "missing required field: upstream" + suffix);
    }
  }

  private static void checkName(String what, String name, String suffix) throws ApiException {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME) {
      throw new ApiException(
          400, what + " name must be at most " + MAX_NAME + " bytes, was " + bytes + suffix);
    }
  }

  /** Creates and (unless disabled) starts a proxy. */
  public synchronized ToxicProxy create(ProxySpec spec) throws ApiException {
    validate(spec, "");
    if (proxies.containsKey(spec.name())) {
      throw new ApiException(409, "proxy already exists");
    }
    ToxicProxy proxy =
        new ToxicProxy(spec.name(), listenOrDefault(spec.listen()), spec.upstream(), threads);
    if (spec.enabled() == null || spec.enabled()) {
      start(proxy); // a disabled proxy keeps its listen address as given, until it starts
    }
    proxies.put(spec.name(), proxy);
    return proxy;
  }

  private static String listenOrDefault(String listen) {
    return listen == null || listen.isEmpty() ? "127.0.0.1:0" : listen;
  }

  private static void start(ToxicProxy proxy) throws ApiException {
    try {
      proxy.start();
    } catch (ListenException e) {
      throw new ApiException(500, e.getMessage());
    }
  }

  /** Applies an update: omitted fields keep their values. */
  public synchronized ToxicProxy update(String name, ProxySpec change) throws ApiException {
    ToxicProxy proxy = require(name);
    boolean wasEnabled = proxy.enabled();
    boolean enable = change.enabled() == null ? wasEnabled : change.enabled();
    boolean moved = false;
    // an empty listen address moves the proxy to a free port, as in Toxiproxy (on loopback here)
    String listen = change.listen() == null ? null : listenOrDefault(change.listen());
    if (listen != null) {
      try {
        // as Toxiproxy, a listen address that resolves to the current one is no move
        moved = !sameListen(proxy, listen);
      } catch (ListenException e) {
        throw new ApiException(500, e.reason());
      }
    }
    // an empty upstream is taken, as Toxiproxy takes it: connections then fail to connect
    boolean redirected = change.upstream() != null && !change.upstream().equals(proxy.upstream());
    if (redirected) {
      // Toxiproxy restarts the proxy on a new upstream, so live connections to the old one are
      // closed rather than left talking to it. The listener is kept: rebinding the port just
      // released could race with its closing.
      proxy.redirect(change.upstream());
    }
    if (moved) {
      proxy.stop();
      proxy.setListen(listen);
    } else if (!enable && wasEnabled) {
      proxy.stop();
    }
    if (enable && !proxy.enabled()) {
      start(proxy);
    }
    return proxy;
  }

  public synchronized void delete(String name) throws ApiException {
    ToxicProxy proxy = require(name);
    proxy.stop();
    proxies.remove(name);
  }

  /** Re-enables every proxy and removes every toxic. */
  public synchronized void reset() throws ApiException {
    for (ToxicProxy proxy : proxies.values()) {
      proxy.removeAllToxics();
      if (!proxy.enabled()) {
        start(proxy);
      }
    }
  }

  /**
   * Creates or replaces proxies from a list; identical existing ones are kept with their toxics.
   *
   * @return the proxies, as far as the list got; the exception carries those made before it failed
   */
  public synchronized List<ToxicProxy> populate(List<ProxySpec> specs) throws PopulateException {
    for (int i = 0; i < specs.size(); i++) {
      try {
        validate(specs.get(i), " at proxy " + (i + 1));
      } catch (ApiException e) {
        throw new PopulateException(e, null);
      }
    }
    List<ToxicProxy> done = new ArrayList<>();
    for (ProxySpec spec : specs) {
      ToxicProxy existing = proxies.get(spec.name());
      boolean enabled = spec.enabled() == null || spec.enabled();
      if (existing != null
          && unchanged(existing, spec.listen())
          && existing.upstream().equals(spec.upstream())
          && existing.enabled() == enabled) {
        done.add(existing);
        continue;
      }
      if (existing != null) {
        existing.stop();
        proxies.remove(spec.name());
      }
      try {
        done.add(create(spec));
      } catch (ApiException e) {
        throw new PopulateException(e, done);
      }
    }
    return done;
  }

  /**
   * Creates proxies from a config file's JSON, as {@code toxiproxy-server -config} does: the body
   * of {@code /populate}, read with the same rules.
   *
   * @param json the file's bytes
   * @throws IllegalArgumentException with Toxiproxy's message for what is wrong
   */
  public synchronized void populate(byte[] json) {
    try {
      List<ProxySpec> specs = ApiBodies.populate(ApiBodies.read(json));
      if (specs != null) {
        populate(specs);
      }
    } catch (ApiException | PopulateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static boolean unchanged(ToxicProxy proxy, String listen) {
    try {
      return listen != null && !listen.isEmpty() && sameListen(proxy, listen);
    } catch (ListenException e) {
      return false; // creating it again reports the error
    }
  }

  private static boolean sameListen(ToxicProxy proxy, String listen) throws ListenException {
    return ListenAddress.format(ListenAddress.resolve(listen)).equals(proxy.listen());
  }

  /** Reads what a body says once the toxic it is for is known (Go decodes in two passes). */
  interface BodyPart<T, R> {
    R read(T known) throws ApiException;
  }

  /**
   * Adds a toxic to a proxy, checking as Toxiproxy does and in its order (stream, type, a toxic of
   * that name, the attributes' values), then what it does not check (negative values, toxicity
   * outside 0..1, over-long names).
   */
  synchronized Toxic addToxic(
      String proxyName, ToxicSpec spec, BodyPart<ToxicType, Map<String, Long>> attributes)
      throws ApiException {
    ToxicProxy proxy = require(proxyName);
    String lower = spec.stream().toLowerCase(Locale.ROOT);
    if (!lower.equals("upstream") && !lower.equals("downstream")) {
      throw new ApiException(400, "stream was invalid, can be either upstream or downstream");
    }
    String name = spec.name().isEmpty() ? spec.type() + "_" + spec.stream() : spec.name();
    ToxicType type =
        ToxicType.of(spec.type()).orElseThrow(() -> new ApiException(400, "invalid toxic type"));
    if (proxy.toxic(name).isPresent()) {
      throw new ApiException(409, "toxic already exists");
    }
    Map<String, Long> values = attributes.read(type);
    checkName("toxic", name, "");
    checkToxicity(spec.toxicity());
    checkAttributes(type, values);
    Toxic toxic =
        new Toxic(name, type, spec.stream(), lower.equals("upstream"), spec.toxicity(), values);
    proxy.addToxic(toxic);
    return toxic;
  }

  /**
   * A toxicity between 0 and 1; outside it is refused (Toxiproxy accepts any float32 and then
   * treats below 0 as never and above 1 as always).
   */
  static void checkToxicity(float toxicity) throws ApiException {
    if (!(toxicity >= 0 && toxicity <= 1)) {
      throw new ApiException(
          400, "toxicity must be between 0 and 1, was " + Json.float32(toxicity));
    }
  }

  /** Attributes are never negative (Toxiproxy accepts them and misbehaves). */
  static void checkAttributes(ToxicType type, Map<String, Long> values) throws ApiException {
    for (Map.Entry<String, Long> value : values.entrySet()) {
      if (value.getValue() < 0) {
        throw new ApiException(
            400,
            "attribute "
                + value.getKey()
                + " of a "
                + type.apiName()
                + " toxic cannot be negative, was "
                + value.getValue());
      }
    }
  }

  synchronized Toxic toxic(String proxyName, String toxicName) throws ApiException {
    return require(proxyName)
        .toxic(toxicName)
        .orElseThrow(() -> new ApiException(404, "toxic not found"));
  }

  /** Updates a toxic as a whole: a body that does not fit changes nothing. */
  synchronized Toxic updateToxic(
      String proxyName, String toxicName, BodyPart<Toxic, ApiBodies.ToxicUpdate> body)
      throws ApiException {
    Toxic toxic = toxic(proxyName, toxicName);
    ApiBodies.ToxicUpdate update = body.read(toxic);
    checkToxicity(update.toxicity());
    checkAttributes(toxic.type(), update.attributes());
    require(proxyName).updateToxic(toxic, update.attributes(), update.toxicity());
    return toxic;
  }

  synchronized void removeToxic(String proxyName, String toxicName) throws ApiException {
    if (!require(proxyName).removeToxic(toxicName)) {
      throw new ApiException(404, "toxic not found");
    }
  }

  /** Stops every proxy. */
  @Override
  public synchronized void close() {
    for (ToxicProxy proxy : proxies.values()) {
      proxy.stop();
    }
    proxies.clear();
  }

  /** A failed populate, with the proxies it made before failing (null when it made none). */
  static final class PopulateException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ApiException cause;
    private final transient List<ToxicProxy> created;

    PopulateException(ApiException cause, List<ToxicProxy> created) {
      super(cause.getMessage(), null, false, false);
      this.cause = cause;
      this.created = created == null ? null : List.copyOf(created);
    }

    int status() {
      return cause.status();
    }

    List<ToxicProxy> created() {
      return created;
    }
  }
}
