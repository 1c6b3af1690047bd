package org.aitbc.chain.rpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One raw TCP connection to the HTTP API, for what a client library would not send: pipelined requests in
 * one write, malformed requests, undecodable URLs. Reads answers with a Content-Length body one by one.
 */
final class RawHttp implements AutoCloseable {
  /** One answer as it came off the wire. */
  record Reply(String statusLine, String headers, String body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  private final Socket socket;
  private final BufferedReader in;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
  }

  static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  static String post(String target, String jsonBody) {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + jsonBody.getBytes(StandardCharsets.US_ASCII).length + "\r\n\r\n" + jsonBody;
  }

  /** Writes all the bytes at once, as a pipelining client does. */
  RawHttp send(String wire) throws IOException {
    socket.getOutputStream().write(wire.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return this;
  }

  RawHttp sendBytes(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    return this;
  }

  /** The next answer; fails when the node closed the connection instead. */
  Reply read() throws IOException {
    String status = in.readLine();
    if (status == null) throw new AssertionError("the node closed the connection instead of answering");
    StringBuilder headers = new StringBuilder();
    int length = 0;
    for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
      headers.append(h).append('\n');
      if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
    }
    char[] body = new char[length];
    int got = 0;
    while (got < length) {
      int n = in.read(body, got, length - got);
      if (n < 0) throw new AssertionError("the connection closed in the middle of a body: " + new String(body, 0, got));
      got += n;
    }
    return new Reply(status, headers.toString(), new String(body));
  }

  /** True when the node closed the connection (end of stream, nothing more to read). */
  boolean closedByNode() throws IOException {
    return in.read() < 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
