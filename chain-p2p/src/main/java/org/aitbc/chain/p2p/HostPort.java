package org.aitbc.chain.p2p;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/** A host (name or literal IP) and a TCP port, as given by {@code --peer HOST:PORT}. */
public record HostPort(String host, int port) {
  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) throw new IllegalArgumentException("host is empty");
    if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is not in 1..65535");
  }

  /**
   * Parses {@code host:port} or {@code [ipv6]:port}; empty when the text is not of that form, the host
   * holds a bracket, a space or a control character (its text would not read back as the same address), or
   * the port is not in 1..65535.
   */
  public static Optional<HostPort> parse(String text) {
    if (text == null) return Optional.empty();
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close < 0) return Optional.empty();
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || text.indexOf(':') != colon) return Optional.empty();
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    if (host.isEmpty() || host.chars().anyMatch(c -> c == '[' || c == ']' || c <= ' ' || c == 0x7f) || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) return Optional.empty();
    return Optional.of(new HostPort(host, p));
  }

  public static HostPort of(InetSocketAddress a) {
    return new HostPort(a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString(), a.getPort());
  }

  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
