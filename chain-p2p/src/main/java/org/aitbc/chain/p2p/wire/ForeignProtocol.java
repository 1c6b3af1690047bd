package org.aitbc.chain.p2p.wire;

import java.nio.charset.StandardCharsets;

/**
 * Another protocol recognised from the first bytes of an inbound connection, before our handshake (see
 * {@link ProtocolSniffer}). Such a connection is closed, after a short reply where the other protocol has a
 * natural one, and its address is rate-limited for a short time; it is never scored as misbehaviour.
 */
public enum ForeignProtocol {
  /** Line-delimited JSON, e.g. the AITBC node's {@code {"type":"handshake",...}\n}. */
  LINE_JSON("line_json", "line-JSON (AITBC?)",
      "{\"type\":\"error\",\"reason\":\"unsupported_protocol\",\"message\":\"this is the P2P port of an aitbc-java node;"
          + " it does not speak line-delimited JSON\"}\n"),
  /** An HTTP/1.x request line or the HTTP/2 connection preface. */
  HTTP("http", "HTTP", httpAnswer()),
  /** A TLS ClientHello record; there is no reply a TLS client could read without a TLS stack. */
  TLS("tls", "TLS", "");

  private final String code;
  private final String label;
  private final byte[] reply;

  ForeignProtocol(String code, String label, String reply) {
    this.code = code;
    this.label = label;
    this.reply = reply.getBytes(StandardCharsets.US_ASCII);
  }

  /** The reason code, for metrics and logs: {@code line_json}, {@code http}, {@code tls}. */
  public String code() {
    return code;
  }

  /** What the log says the peer speaks, e.g. "line-JSON (AITBC?)". */
  public String label() {
    return label;
  }

  /** The bytes written before closing (possibly none). */
  public byte[] reply() {
    return reply.clone();
  }

  private static String httpAnswer() {
    String body = "This is the P2P port of an aitbc-java node, not HTTP. The HTTP API listens on the node's RPC port.\n";
    return "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Length: " + body.length()
        + "\r\nConnection: close\r\n\r\n" + body;
  }
}
