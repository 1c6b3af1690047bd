package org.aitbc.chain.messaging;

import org.aitbc.chain.wallet.RpcException;

/** Builders for the wallet's {@link RpcException} kinds this module raises itself. */
final class RpcExceptions {
  private RpcExceptions() {}

  static RpcException badResponse(String message) {
    return new RpcException(RpcException.Kind.BAD_RESPONSE, 0, null, null, message, null);
  }
}
