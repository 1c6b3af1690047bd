package org.aitbc.chain.core.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.aitbc.chain.core.state.StateCommitment;

/** The store's key layout: how heights, buckets, accounts, index entries and capabilities become keys. */
final class StoreKeys {
  private StoreKeys() {}

  static byte[] longKey(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static byte[] bucketKey(int bucket) {
    return new byte[] {(byte) (bucket >> 8), (byte) bucket};
  }

  static byte[] accountKey(String address) {
    byte[] a = address.getBytes(StandardCharsets.UTF_8);
    int b = StateCommitment.bucketOf(address);
    byte[] k = new byte[2 + a.length];
    k[0] = (byte) (b >> 8);
    k[1] = (byte) b;
    System.arraycopy(a, 0, k, 2, a.length);
    return k;
  }

  static byte[] addressPrefix(String address) {
    byte[] a = address.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(a, a.length + 1); // address 0x00
  }

  static byte[] indexKey(String address, long height, int index) {
    byte[] p = addressPrefix(address);
    ByteBuffer bb = ByteBuffer.allocate(p.length + 12);
    bb.put(p).putLong(height).putInt(index);
    return bb.array();
  }

  /** Capability, 0x00, agent id: one agent's entry under one capability. */
  static byte[] capKey(String capability, String id) {
    byte[] c = capability.getBytes(StandardCharsets.UTF_8);
    byte[] i = id.getBytes(StandardCharsets.UTF_8);
    byte[] k = Arrays.copyOf(c, c.length + 1 + i.length);
    System.arraycopy(i, 0, k, c.length + 1, i.length);
    return k;
  }
}
