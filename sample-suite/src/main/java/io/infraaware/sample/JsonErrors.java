package io.infraaware.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;

/**
 * Grizzly's own answers in the sample's error shape, {@code {"error": "...", "status": 400}}: the
 * pages the HTTP server writes itself (413 for a body over the limit, 503 while stopping, 500 when
 * a handler throws) through its {@link ErrorPageGenerator}, and the answers of its HTTP codec to a
 * head it cannot parse (400, 505), which Grizzly sends without a body unless the codec's {@code
 * customizeErrorResponse} says otherwise.
 */
final class JsonErrors implements AddOn, ErrorPageGenerator {

  @Override
  public String generate(
      Request request, int status, String reasonPhrase, String description, Throwable exception) {
    // set before Grizzly's page writer looks: it sets text/html only when no type is set yet
    request.getResponse().setContentType("application/json");
    return new String(body(status, message(status, reasonPhrase)), Http.UTF_8);
  }

  /** Replaces Grizzly's HTTP codec with one whose error answers carry the JSON body. */
  @Override
  public void setup(NetworkListener listener, FilterChainBuilder builder) {
    int index = builder.indexOfType(org.glassfish.grizzly.http.HttpServerFilter.class);
    org.glassfish.grizzly.http.HttpServerFilter grizzly =
        (org.glassfish.grizzly.http.HttpServerFilter) builder.get(index);
    Codec codec =
        new Codec(
            listener.isChunkingEnabled(),
            listener.getMaxHttpHeaderSize() == -1
                ? org.glassfish.grizzly.http.HttpServerFilter.DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE
                : listener.getMaxHttpHeaderSize(),
            listener);
    codec.setAllowPayloadForUndefinedHttpMethods(grizzly.isAllowPayloadForUndefinedHttpMethods());
    codec.setMaxPayloadRemainderToSkip(grizzly.getMaxPayloadRemainderToSkip());
    builder.set(index, codec);
    builder.add(index + 1, new BodilessErrors());
  }

  static byte[] body(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    try {
      return Http.JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("An error answer cannot be written as JSON", e);
    }
  }

  /** What went wrong, for a client; never an exception's text (it may hold internals). */
  private static String message(int status, String reasonPhrase) {
    return switch (status) {
      case 400 ->
          "the request is not valid HTTP/1.1 (a malformed request line, header or chunk, a head"
              + " over 8 KiB, no Host, or a body where the method allows none)";
      case 413 -> "the body is larger than " + Http.MAX_BODY_BYTES + " bytes";
      case 500 -> "the server failed; see its log";
      case 503 -> "the server is stopping";
      case 505 -> "the HTTP version is not supported; use HTTP/1.1";
      default -> reasonPhrase == null ? "the request failed" : reasonPhrase;
    };
  }

  /**
   * An error answer written without a body gets the JSON one: Tyrus answers a WebSocket handshake
   * it refuses (no {@code Sec-WebSocket-Key}, say) with a bare status.
   */
  private static final class BodilessErrors extends BaseFilter {
    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
      if (ctx.getMessage() instanceof HttpContent content
          && content.getHttpHeader() instanceof HttpResponsePacket response
          && response.getStatus() >= 400
          && !response.isCommitted()
          && response.getContentType() == null
          && !content.getContent().hasRemaining()) {
        byte[] body = body(response.getStatus(), message(response.getStatus(), null));
        // as a header: Grizzly serializes no content type for the answer to an upgrade request
        response.getHeaders().setValue(Header.ContentType).setString("application/json");
        response.setContentLength(body.length);
        ctx.setMessage(
            HttpContent.builder(response)
                .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                .last(true)
                .build());
      }
      return ctx.getInvokeAction();
    }
  }

  /** Grizzly's HTTP codec, configured as the listener says, with JSON error answers. */
  private static final class Codec extends org.glassfish.grizzly.http.HttpServerFilter {

    @SuppressWarnings("deprecation") // the constructor Grizzly's HttpServer uses itself
    Codec(boolean chunking, int maxHeaderSize, NetworkListener listener) {
      super(
          chunking,
          maxHeaderSize,
          null,
          listener.getKeepAlive(),
          null,
          listener.getMaxRequestHeaders(),
          listener.getMaxResponseHeaders());
    }

    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
      byte[] body = body(response.getStatus(), message(response.getStatus(), null));
      response.setContentType("application/json");
      response.setContentLength(body.length);
      return HttpContent.builder(response)
          .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
          .last(true)
          .build();
    }
  }
}
