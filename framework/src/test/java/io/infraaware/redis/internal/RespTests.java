package io.infraaware.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RESP both the Redis probe and Redis isolation speak. */
class RespTests {

  /** Replies from bytes, as a connection gives them. */
  private static Resp.Source source(String wire) {
    InputStream in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8));
    return new Resp.Source() {
      @Override
      public String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
          if (c < 0) {
            throw new IOException("ended");
          }
          line.append((char) c);
        }
        return line.substring(0, line.length() - 1);
      }

      @Override
      public byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
          throw new IOException("ended");
        }
        return bytes;
      }
    };
  }

  @Test
  void aCommandIsAnArrayOfBulkStringsCountedInBytes() {
    assertThat(new String(Resp.command("SET", "k", "é"), StandardCharsets.UTF_8))
        .isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
  }

  @Test
  void repliesOfBothProtocolVersionsBecomePlainValues() throws IOException {
    Resp.Source in =
        source(
            "+OK\r\n:42\r\n$5\r\nhello\r\n$-1\r\n_\r\n-ERR no\r\n!5\r\nWRONG\r\n"
                + "*3\r\n+QUEUED\r\n-EXECABORT x\r\n*1\r\n:1\r\n%1\r\n+k\r\n+v\r\n,1.5\r\n");
    List<Object> replies =
        Arrays.asList(
            Resp.read(in),
            Resp.read(in),
            Resp.read(in),
            Resp.read(in),
            Resp.read(in),
            Resp.read(in),
            Resp.read(in),
            Resp.read(in),
            Resp.read(in),
            Resp.read(in));
    assertThat(replies)
        .containsExactly(
            "OK",
            42L,
            "hello",
            null,
            null,
            new Resp.Error("ERR no"),
            new Resp.Error("WRONG"),
            List.of("QUEUED", new Resp.Error("EXECABORT x"), List.of(1L)),
            List.of("k", "v"),
            "1.5");
  }

  @Test
  void anAttributeIsMetadataAndTheReplyAfterItIsWhatIsRead() throws IOException {
    assertThat(Resp.read(source("|1\r\n+key-popularity\r\n:1\r\n+PONG\r\n"))).isEqualTo("PONG");
  }

  @Test
  void whatIsNotRespIsRefusedNamingTheLine() {
    assertThatThrownBy(() -> Resp.read(source("$99999999999\r\n")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Resp.read(source("*-5\r\n")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("*-5");
    assertThatThrownBy(() -> Resp.read(source("$abc\r\n")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("$abc");
    assertThatThrownBy(() -> Resp.read(source("HTTP/1.1 400\r\n")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP/1.1 400");
  }
}
