package org.aitbc.chain.rpc.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Puts the caller's IP address into the call's context, as the HTTP server does for its rate limiter,
 * so that a client's submissions share one token bucket over both transports.
 */
final class ClientAddress implements ServerInterceptor {
  static final Context.Key<String> KEY = Context.key("aitbc-client-address");

  static String current() {
    String a = KEY.get();
    return a == null ? "?" : a;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    String client = a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : "?";
    return Contexts.interceptCall(Context.current().withValue(KEY, client), call, headers, next);
  }
}
