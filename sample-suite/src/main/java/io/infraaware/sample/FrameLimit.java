package io.infraaware.sample;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

/**
 * Refuses a WebSocket frame over {@link #MAX_FRAME_BYTES} with 1009 ({@code MESSAGE_TOO_BIG}) as
 * soon as its header says how long it is, before any of it is buffered. Tyrus itself only bounds
 * the buffer a frame is assembled in, and answers an overflow with 1011 ("Buffer overflow."), as if
 * the server had failed: a client sending a 70 KB frame was told to retry later, the error was
 * counted nowhere, and the buffer limit could also catch a legal frame arriving with the start of
 * the next one. So this reads the frame headers on their way to Tyrus (RFC 6455, 5.2: two bytes, an
 * extended length of 2 or 8, a mask of 4) and counts payload bytes to find the next header; Tyrus
 * parses the frames as before.
 */
final class FrameLimit implements WebSocketEngine {

  /** The largest frame taken: a chat message (2000 characters, JSON-escaped) fits many times. */
  static final int MAX_FRAME_BYTES = 64 * 1024;

  /** How a session ends that sent a frame over the limit; the endpoint counts it by this. */
  static final CloseReason TOO_BIG =
      WebSocketError.MESSAGE_TOO_BIG.closeReason(
          "a frame may have at most " + MAX_FRAME_BYTES + " bytes");

  private final WebSocketEngine engine;

  FrameLimit(WebSocketEngine engine) {
    this.engine = engine;
  }

  @Override
  public UpgradeInfo upgrade(
      org.glassfish.tyrus.spi.UpgradeRequest request,
      org.glassfish.tyrus.spi.UpgradeResponse response) {
    UpgradeInfo upgrade = engine.upgrade(request, response);
    return new UpgradeInfo() {
      @Override
      public UpgradeStatus getStatus() {
        return upgrade.getStatus();
      }

      @Override
      public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
        return new Limited(upgrade.createConnection(writer, closeListener));
      }
    };
  }

  @Override
  public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
    engine.register(endpointClass, contextPath);
  }

  @Override
  public void register(ServerEndpointConfig serverConfig, String contextPath)
      throws DeploymentException {
    engine.register(serverConfig, contextPath);
  }

  /** A connection whose incoming frames are measured before Tyrus reads them. */
  private static final class Limited implements Connection, ReadHandler {
    private final Connection connection;
    private final byte[] header = new byte[14];
    private int headerBytes;
    private long payloadLeft;
    private boolean refused;

    Limited(Connection connection) {
      this.connection = connection;
    }

    @Override
    public synchronized void handle(ByteBuffer data) {
      if (refused) {
        return; // closing: nothing more is read
      }
      ByteBuffer scan = data.duplicate();
      while (scan.hasRemaining()) {
        if (payloadLeft > 0) {
          int skipped = (int) Math.min(payloadLeft, scan.remaining());
          scan.position(scan.position() + skipped);
          payloadLeft -= skipped;
          continue;
        }
        header[headerBytes++] = scan.get();
        if (headerBytes < headerLength()) {
          continue;
        }
        long length = payloadLength();
        headerBytes = 0;
        if (length > MAX_FRAME_BYTES) {
          refused = true;
          connection.close(TOO_BIG);
          return;
        }
        payloadLeft = length;
      }
      connection.getReadHandler().handle(data);
    }

    /** How long the header is, as far as the bytes read so far tell. */
    private int headerLength() {
      if (headerBytes < 2) {
        return 2;
      }
      int lengthCode = header[1] & 0x7f;
      int extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
      int mask = (header[1] & 0x80) != 0 ? 4 : 0;
      return 2 + extended + mask;
    }

    private long payloadLength() {
      int lengthCode = header[1] & 0x7f;
      if (lengthCode < 126) {
        return lengthCode;
      }
      int bytes = lengthCode == 126 ? 2 : 8;
      long length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (header[2 + i] & 0xff);
      }
      // the most significant bit must be 0; a negative length is as unacceptable as a huge one
      return length < 0 ? Long.MAX_VALUE : length;
    }

    @Override
    public ReadHandler getReadHandler() {
      return this;
    }

    @Override
    public Writer getWriter() {
      return connection.getWriter();
    }

    @Override
    public CloseListener getCloseListener() {
      return connection.getCloseListener();
    }

    @Override
    public void close(CloseReason reason) {
      connection.close(reason);
    }
  }
}
