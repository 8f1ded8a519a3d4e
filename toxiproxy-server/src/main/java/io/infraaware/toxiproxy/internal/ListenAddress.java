package io.infraaware.toxiproxy.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A proxy's {@code listen} address as Go's {@code net.Listen("tcp", ...)} reads, resolves, prints
 * and refuses it, so that the API echoes and reports what the real server does: {@code
 * localhost:3310} listens on {@code 127.0.0.1:3310}, an empty or unspecified host on every address
 * ({@code [::]:3310}), and errors name the resolved address ({@code listen tcp 127.0.0.1:3310:
 * bind: address already in use}).
 */
final class ListenAddress {

  private ListenAddress() {}

  /**
   * Resolves an address to bind.
   *
   * @param listen {@code host:port}, {@code [v6]:port} or {@code :port}
   * @return the address; an unspecified host is the wildcard address
   * @throws ListenException with Go's text when the address is malformed or its host unknown
   */
  static InetSocketAddress resolve(String listen) throws ListenException {
    String[] hostPort = split(listen);
    int port = port(hostPort[1]);
    String host = hostPort[0];
    if (host.isEmpty()) {
      return new InetSocketAddress(port);
    }
    InetAddress address;
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      address = all[0];
      for (InetAddress candidate : all) {
        if (candidate instanceof Inet4Address) {
          address = candidate; // Go listens on a name's first IPv4 address
          break;
        }
      }
    } catch (UnknownHostException e) {
      throw new ListenException("listen tcp", "lookup " + host + ": no such host");
    }
    // Go binds an unspecified address, v4 or v6, on both families
    return address.isAnyLocalAddress()
        ? new InetSocketAddress(port)
        : new InetSocketAddress(address, port);
  }

  /** Go's {@code net.SplitHostPort}, with its errors. */
  private static String[] split(String listen) throws ListenException {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw invalid(listen, "missing port in address");
    }
    String host;
    int openFrom; // where a '[' would be one too many
    int closeFrom; // where a ']' would be one too many
    if (listen.startsWith("[")) {
      int end = listen.indexOf(']');
      if (end < 0) {
        throw invalid(listen, "missing ']' in address");
      }
      if (end + 1 == listen.length()) {
        throw invalid(listen, "missing port in address");
      }
      if (end + 1 != colon) {
        throw invalid(
            listen,
            listen.charAt(end + 1) == ':'
                ? "too many colons in address"
                : "missing port in address");
      }
      host = listen.substring(1, end);
      openFrom = 1;
      closeFrom = end + 1;
    } else {
      host = listen.substring(0, colon);
      if (host.indexOf(':') >= 0) {
        throw invalid(listen, "too many colons in address");
      }
      openFrom = 0;
      closeFrom = 0;
    }
    if (listen.indexOf('[', openFrom) >= 0) {
      throw invalid(listen, "unexpected '[' in address");
    }
    if (listen.indexOf(']', closeFrom) >= 0) {
      throw invalid(listen, "unexpected ']' in address");
    }
    return new String[] {host, listen.substring(colon + 1)};
  }

  /** Go's port parsing: an empty port is 0, a signed decimal must be 0 to 65535, else a lookup. */
  private static int port(String port) throws ListenException {
    if (port.isEmpty()) {
      return 0;
    }
    String digits = port.startsWith("+") || port.startsWith("-") ? port.substring(1) : port;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Go would look the name up in /etc/services; the API has no use for service names
      throw new ListenException("listen tcp", "address tcp/" + port + ": unknown port");
    }
    long value = digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (port.startsWith("-") && value != 0 || value > 65535) {
      throw invalid(port, "invalid port");
    }
    return (int) value;
  }

  private static ListenException invalid(String address, String why) {
    return new ListenException("listen tcp", "address " + address + ": " + why);
  }

  /**
   * An address as Go prints it: {@code 127.0.0.1:3310}, {@code [::1]:3310}, {@code [::]:3310}.
   *
   * @param address a resolved or bound address
   * @return its text
   */
  static String format(InetSocketAddress address) {
    return format(address.getAddress(), address.getPort());
  }

  static String format(InetAddress address, int port) {
    if (address.isAnyLocalAddress()) {
      return "[::]:" + port; // bound on both families, as Go binds an unspecified address
    }
    if (address instanceof Inet6Address) {
      return "[" + compress((Inet6Address) address) + "]:" + port;
    }
    return address.getHostAddress() + ":" + port;
  }

  /** RFC 5952 text, as Go prints IPv6: lower case, the longest run of zero groups as {@code ::}. */
  static String compress(Inet6Address address) {
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int end = i;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - i > bestLength) {
        bestStart = i;
        bestLength = end - i;
      }
      i = end;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    if (address.getScopedInterface() != null) {
      text.append('%').append(address.getScopedInterface().getName());
    } else if (address.getScopeId() != 0) {
      text.append('%').append(address.getScopeId());
    }
    return text.toString();
  }

  /**
   * Go's error for a failed socket or bind: {@code listen tcp 127.0.0.1:3310: bind: address already
   * in use}.
   *
   * @param address the address that could not be bound
   * @param call the system call that failed: {@code socket} or {@code bind}
   * @param e the failure
   * @return the error
   */
  static ListenException failed(InetSocketAddress address, String call, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // the JDK's text is the C library's (Address already in use), sometimes with a suffix
    int suffix = reason.indexOf(" (");
    if (suffix > 0) {
      reason = reason.substring(0, suffix);
    }
    reason =
        reason.isEmpty()
            ? reason
            : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    return new ListenException("listen tcp " + format(address), call + ": " + reason);
  }
}
