package io.infraaware.toxiproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listen addresses read, printed and refused with Go's {@code net.Listen} texts. */
class ListenAddressTests {

  @ParameterizedTest
  @CsvSource({
    "::, ::",
    "::1, ::1",
    "fe80:0:0:0:0:0:0:1, fe80::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
    "ABCD:0:0:0:0:0:0:0, abcd::"
  })
  void ipv6IsPrintedAsGoPrintsIt(String literal, String printed) throws Exception {
    assertThat(ListenAddress.compress((Inet6Address) InetAddress.getByName(literal)))
        .isEqualTo(printed);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:99999 | listen tcp: address 99999: invalid port",
        "localhost:99999 | listen tcp: address 99999: invalid port",
        "[::1]:-1 | listen tcp: address -1: invalid port",
        "127.0.0.1 | listen tcp: address 127.0.0.1: missing port in address",
        "::1:80 | listen tcp: address ::1:80: too many colons in address",
        "[::1 | listen tcp: address [::1: missing ']' in address",
        "[::1]80 | listen tcp: address [::1]80: missing port in address",
        "localhost:abc | listen tcp: address tcp/abc: unknown port",
        "127.0.0.1:0x10 | listen tcp: address tcp/0x10: unknown port"
      })
  void aMalformedAddressIsGosError(String listen, String error) {
    assertThatThrownBy(() -> ListenAddress.resolve(listen))
        .isInstanceOf(ListenException.class)
        .hasMessage(error);
  }

  @ParameterizedTest
  @CsvSource({
    "localhost:3310, 127.0.0.1:3310",
    "127.0.0.1:+80, 127.0.0.1:80",
    "127.0.0.1:, 127.0.0.1:0",
    "[::1]:3310, [::1]:3310",
    "[0:0:0:0:0:0:0:1]:3310, [::1]:3310",
    ":3310, [::]:3310",
    "0.0.0.0:3310, [::]:3310"
  })
  void anAddressResolvesAsGoResolvesIt(String listen, String resolved) throws Exception {
    assertThat(ListenAddress.format(ListenAddress.resolve(listen))).isEqualTo(resolved);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Address already in use | bind: address already in use",
        "Cannot assign requested address | bind: cannot assign requested address",
        "Permission denied (Bind failed) | bind: permission denied"
      })
  void aBindFailureIsGosText(String jdkMessage, String reason) {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 3310);
    assertThat(ListenAddress.failed(address, "bind", new BindException(jdkMessage)))
        .hasMessage("listen tcp 127.0.0.1:3310: " + reason);
    assertThat(ListenAddress.failed(address, "socket", new SocketException("Too many open files")))
        .hasMessage("listen tcp 127.0.0.1:3310: socket: too many open files");
  }
}
