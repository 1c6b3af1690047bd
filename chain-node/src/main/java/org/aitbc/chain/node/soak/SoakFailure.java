package org.aitbc.chain.node.soak;

/** A node that did not come back (exited, or not ready in time): the soak stops and reports it with the node's log. */
final class SoakFailure extends RuntimeException {
  final transient ChildNode node;

  SoakFailure(String message, ChildNode node) {
    super(message);
    this.node = node;
  }
}
