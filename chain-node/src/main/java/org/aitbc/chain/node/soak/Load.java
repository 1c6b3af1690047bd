package org.aitbc.chain.node.soak;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.wallet.RpcClient;
import org.aitbc.chain.wallet.RpcException;
import org.aitbc.chain.wallet.TxBuilder;
import org.aitbc.chain.wallet.TxSigner;

/**
 * Steady load for the soak: signed transfers carrying a message, from each sender in turn to its own
 * recipient agent, posted to the authority at {@code rate} per second on one thread. Each sender's
 * nonces go up by one per transaction; a transaction lost from a killed node's pool leaves a gap, which
 * the chain allows. While the authority is down the posts fail at once and are counted as unreachable:
 * the schedule goes on and never bursts to catch up by more than one second.
 */
final class Load implements Runnable {
  private final RpcClient target;
  private final List<KeyPair> senders;
  private final List<String> recipients;
  private final String chainId;
  private final double rate;
  private final long[] nonces;
  private volatile boolean stopped;
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong unreachable = new AtomicLong();
  final Map<String, Long> refused = new ConcurrentHashMap<>();

  Load(RpcClient target, List<KeyPair> senders, List<String> recipients, String chainId, double rate) {
    if (rate <= 0) throw new IllegalArgumentException("--load-rate must be above 0");
    this.target = target;
    this.senders = List.copyOf(senders);
    this.recipients = List.copyOf(recipients);
    this.chainId = chainId;
    this.rate = rate;
    this.nonces = new long[senders.size()];
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    long periodNs = (long) (1e9 / rate);
    long due = System.nanoTime();
    for (long i = 0; !stopped; i++) {
      long now = System.nanoTime();
      if (due < now - 1_000_000_000L) due = now; // behind by over a second (a slow answer): skip, never burst
      if (due > now) {
        try {
          Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
      due += periodNs;
      int s = (int) (i % senders.size());
      TxSigner.Signed tx = TxBuilder.transfer().to(recipients.get(s)).amount(1).fee(1).nonce(++nonces[s])
          .payloadText("soak message " + i + " from sender " + s).chainId(chainId).sign(senders.get(s)).signed();
      try {
        target.submit(tx.json());
        accepted.incrementAndGet();
      } catch (RpcException e) {
        if (e.kind() == RpcException.Kind.UNREACHABLE) unreachable.incrementAndGet();
        else refused.merge(e.code() == null ? e.kind().name() : e.code(), 1L, Long::sum);
      }
    }
  }
}
