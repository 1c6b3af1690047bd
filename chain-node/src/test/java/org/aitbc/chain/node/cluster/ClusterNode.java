package org.aitbc.chain.node.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.aitbc.chain.core.util.Bytes;
import org.aitbc.chain.core.block.Block;
import org.aitbc.chain.node.Node;
import org.aitbc.chain.node.NodeConfig;
import org.aitbc.chain.p2p.PeerInfo;

/** One node of a {@link Cluster}: a real {@link Node} that can be stopped and started again on its data directory. */
public final class ClusterNode {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String name;
  private final NodeConfig config;
  private volatile Node node;

  ClusterNode(String name, NodeConfig config) {
    this.name = name;
    this.config = config;
  }

  public String name() {
    return name;
  }

  /** Starts the node (again), on the same data directory, with fresh ports. */
  public void start() throws Node.StartException {
    if (node != null) throw new IllegalStateException(name + " is running");
    node = new Node(config);
  }

  /** The clean shutdown path of the node ({@link Node#close()}); its data directory stays. */
  public void stop() {
    Node n = node;
    node = null;
    if (n != null) n.close();
  }

  public boolean running() {
    return node != null;
  }

  public Node node() {
    Node n = node;
    if (n == null) throw new IllegalStateException(name + " is not running");
    return n;
  }

  public Block head() {
    return node().store().head();
  }

  public long height() {
    return head().height();
  }

  public String p2pAddress() {
    return "127.0.0.1:" + node().p2pPort();
  }

  public List<PeerInfo> peers() {
    return node().p2p().peers();
  }

  /** Node ids of the connected peers (a duplicate connection being closed counts once). */
  public Set<Bytes> peerIds() {
    return peers().stream().map(PeerInfo::nodeId).collect(Collectors.toSet());
  }

  public Bytes nodeId() {
    return node().p2p().nodeId();
  }

  /** A request to the node's HTTP API: status code and body. */
  public HttpResponse<String> http(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node().rpcPort() + path))
        .timeout(Duration.ofSeconds(10));
    if (body == null) b.GET();
    else b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public String toString() {
    return name + (node == null ? " (down)" : " at height " + height());
  }
}
