package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.JsonParser;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /rpc/blocks-range} on a chain of 101 blocks of about 180 KB each (18 MB for 100 of them, past the
 * 16 MiB the route used to stop at): every block of the asked range is in the answer, {@code next} only past
 * 100 blocks, the answer is chunked, and clients that read slowly (or go away) hold neither a worker nor the
 * engine: the node keeps sealing and answering others meanwhile. (100 blocks of 10,000 transactions: the
 * RangeBench program in chain-node, docs/benchmarks.md.)
 */
class BlocksRangeStreamTest {
  static final int BLOCKS = 101;
  static final int PAYLOAD = 60_000;
  @TempDir Path dir;
  List<KeyPair> senders = List.of(TestKeys.key(1), TestKeys.key(2), TestKeys.key(3));
  long nonce;
  RpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), Chains.genesis(3), Chains.authority(), MempoolConfig.DEFAULTS, 0);
    String payload = "m".repeat(PAYLOAD);
    for (int b = 1; b <= BLOCKS; b++) {
      nonce++;
      for (KeyPair k : senders) {
        var r = node.api.submit(Txs.transfer(k, Chains.CHAIN_ID).nonce(nonce).payload(payload).build());
        assertEquals(200, r.status(), r.body());
      }
      assertEquals(senders.size(), node.seal().transactions().size());
    }
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static List<JsonValue> blocks(JsonValue answer) {
    return ((JsonArray) ((JsonObject) answer).members().get("blocks")).elements();
  }

  static long num(JsonValue o, String k) {
    return ((JsonValue.JsonNumber) ((JsonObject) o).members().get(k)).longValueExact().orElseThrow();
  }

  /** Every block start..start+n-1 in order, each with all its transactions. */
  static void assertBlocks(JsonValue answer, long start, int n) {
    assertBlocks(answer, start, n, true);
  }

  static void assertBlocks(JsonValue answer, long start, int n, boolean withTx) {
    List<JsonValue> blocks = blocks(answer);
    assertEquals(n, blocks.size());
    assertEquals(n, num(answer, "count"));
    for (int i = 0; i < n; i++) {
      assertEquals(start + i, num(blocks.get(i), "height"), "no block skipped");
      long txs = num(blocks.get(i), "tx_count");
      assertEquals(withTx ? txs : 0, ((JsonArray) ((JsonObject) blocks.get(i)).members().get("transactions")).elements().size());
    }
  }

  @Test
  void everyBlockOfARangeOverSixteenMebibytesIsReturnedChunkedAndNextOnlyPastOneHundred() throws Exception {
    var all = node.get("/rpc/blocks-range?start=1&end=100");
    assertEquals(200, all.status());
    assertTrue(all.raw().body().length() > 16 << 20, "the answer is " + all.raw().body().length() + " bytes");
    assertEquals("chunked", all.raw().headers().firstValue("transfer-encoding").orElse(""));
    assertTrue(all.raw().headers().firstValue("content-length").isEmpty());
    assertBlocks(all.json(), 1, 100);
    assertFalse(all.obj().members().containsKey("next"), "100 blocks asked, 100 given: no next");

    var longer = node.get("/rpc/blocks-range?start=1&end=500");
    assertBlocks(longer.json(), 1, 100);
    assertEquals(101, longer.num("next"), "more than 100 asked: next says where to go on");
    var byDefault = node.get("/rpc/blocks-range?start=0");
    assertBlocks(byDefault.json(), 0, 100);
    assertFalse(byDefault.obj().members().containsKey("next"), "no end: the 100 blocks from start, no next");
    var tail = node.get("/rpc/blocks-range?start=100&end=400");
    assertBlocks(tail.json(), 100, 2);
    assertFalse(tail.obj().members().containsKey("next"), "past the head there is nothing to go on to");
    var beyond = node.get("/rpc/blocks-range?start=200&end=300");
    assertEquals(0, beyond.num("count"));
    assertEquals("{\"success\":true,\"blocks\":[],\"count\":0}", beyond.raw().body());
    var headers = node.get("/rpc/blocks-range?start=1&end=3&include_tx=false");
    assertBlocks(headers.json(), 1, 3, false);
  }

  @Test
  void slowReadersHoldNoWorkerWhileTheNodeSealsAndAnswersOthersAndAGoneClientStopsItsStream() throws Exception {
    int slow = 6; // more than the harness's 4 workers: a stream that held a worker would starve every other route
    List<Socket> readers = new ArrayList<>();
    try {
      for (int i = 0; i < slow; i++) {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", node.server.port()), 5000);
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET /rpc/blocks-range?start=1&end=100 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        readers.add(s);
      }
      List<InputStream> ins = new ArrayList<>();
      for (Socket s : readers) {
        InputStream in = new BufferedInputStream(s.getInputStream(), 1024);
        assertTrue(line(in).startsWith("HTTP/1.1 200"), "the stream started");
        ins.add(in);
      }
      // None of them reads on: 18 MB each cannot fit the socket buffers, so every stream waits on its client.
      for (int i = 0; i < 5; i++) {
        nonce++;
        var t = node.post("/rpc/transaction", Txs.transfer(senders.get(0), Chains.CHAIN_ID).nonce(nonce).jsonText());
        assertEquals(200, t.status(), t.raw().body());
        node.seal();
        assertEquals(BLOCKS + 1 + i, node.get("/rpc/head").num("height"));
        assertBlocks(node.get("/rpc/blocks-range?start=1&end=2").json(), 1, 2);
        assertEquals(200, node.get("/rpc/accounts/" + senders.get(1).address()).status());
      }
      readers.get(0).close(); // a client that goes away mid-stream
      assertEquals(200, node.get("/health").status());
      for (int i = 1; i < slow; i++) {
        String body = dechunk(ins.get(i));
        assertBlocks(JsonParser.parse(body), 1, 100);
      }
      // The node is still fine, and the gone client's stream ended (a new range is served at once).
      assertBlocks(node.get("/rpc/blocks-range?start=50&end=60").json(), 50, 11);
    } finally {
      for (Socket s : readers) s.close();
    }
  }

  /** Reads the headers after the status line, then the chunked body, into a string. */
  private static String dechunk(InputStream in) throws IOException {
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.equalsIgnoreCase("transfer-encoding: chunked")) chunked = true;
    }
    assertTrue(chunked, "a chunked answer");
    ByteArrayOutputStream body = new ByteArrayOutputStream(20 << 20);
    for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
      body.write(in.readNBytes(size));
      assertEquals("", line(in));
    }
    assertEquals("", line(in));
    return body.toString(StandardCharsets.UTF_8);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("the connection ended inside a line");
      if (c != '\r') sb.append((char) c);
    }
    return sb.toString();
  }
}
