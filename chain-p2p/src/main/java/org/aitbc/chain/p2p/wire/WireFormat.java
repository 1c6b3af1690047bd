package org.aitbc.chain.p2p.wire;

import java.nio.charset.StandardCharsets;
import org.aitbc.chain.core.crypto.Hashes;
import org.aitbc.chain.core.util.Bytes;

/**
 * The frame layout shared by {@link FrameDecoder} and {@link FrameEncoder}. All integers are big
 * endian.
 *
 * <pre>
 *  offset 0        4                               16         20         24
 *         +--------+-------------------------------+----------+----------+----------------------+
 *         | magic  | command                       | length   | checksum | body                 |
 *         | 4 B    | 12 B ASCII, NUL padded        | 4 B uint | 4 B      | length B (protobuf)  |
 *         +--------+-------------------------------+----------+----------+----------------------+
 *
 *  magic    = first 4 bytes of SHA-256("aitbc-p2p" || genesis hash (32 bytes))
 *  command  = e.g. "version\0\0\0\0\0"; only the names of {@link Command}
 *  length   = number of body bytes; header + body must not exceed the configured maximum frame
 *             size (default 16 MiB, enough for a full block)
 *  checksum = first 4 bytes of SHA-256(body)
 * </pre>
 *
 * Example: a "verack" (empty body) on a network whose magic is 0x1a2b3c4d is the 24 bytes
 * {@code 1a2b3c4d 76657261636b000000000000 00000000 e3b0c442} (e3b0c442 starts SHA-256 of nothing).
 */
public final class WireFormat {
  public static final int MAGIC_OFFSET = 0;
  public static final int COMMAND_OFFSET = 4;
  public static final int LENGTH_OFFSET = 16;
  public static final int CHECKSUM_OFFSET = 20;
  public static final int HEADER_LENGTH = 24;
  /** Default hard maximum for header + body: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

  private static final byte[] MAGIC_TAG = "aitbc-p2p".getBytes(StandardCharsets.US_ASCII);

  private WireFormat() {}

  /** The network magic of the chain whose genesis block hash is {@code genesisHash}. */
  public static int magic(Bytes genesisHash) {
    byte[] g = genesisHash.unsafeArray();
    byte[] in = new byte[MAGIC_TAG.length + g.length];
    System.arraycopy(MAGIC_TAG, 0, in, 0, MAGIC_TAG.length);
    System.arraycopy(g, 0, in, MAGIC_TAG.length, g.length);
    return firstInt(Hashes.sha256(in));
  }

  /** First 4 bytes of SHA-256 of the body. */
  public static int checksum(byte[] body) {
    return firstInt(Hashes.sha256(body));
  }

  private static int firstInt(byte[] h) {
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }
}
