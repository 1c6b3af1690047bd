package org.aitbc.chain.rpc.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.rpc.ApiResponse;

/**
 * Turns a refusal of the facade (an {@link ApiResponse} with an HTTP status and a wire error code) into
 * a gRPC status. The description starts with the wire code ({@code "INVALID_CURSOR: cursor 'x' is ..."})
 * and the code is also sent as the trailer {@value #CODE_TRAILER}, so clients need not parse text.
 */
final class Refusals {
  static final String CODE_TRAILER = "aitbc-code";
  static final Metadata.Key<String> CODE_KEY = Metadata.Key.of(CODE_TRAILER, Metadata.ASCII_STRING_MARSHALLER);

  private Refusals() {}

  static StatusRuntimeException of(ApiResponse r) {
    String code = "ERROR";
    String detail = r.body();
    if (r.json() instanceof JsonObject o) {
      code = Protos.str(o, "code");
      detail = Protos.str(o, "detail");
    }
    return of(statusFor(r.status(), code), code, detail);
  }

  static StatusRuntimeException of(Status status, String code, String detail) {
    Metadata trailers = new Metadata();
    trailers.put(CODE_KEY, code);
    return status.withDescription(code + ": " + detail).asRuntimeException(trailers);
  }

  /** The gRPC status for a facade answer's HTTP status and wire code. */
  static Status statusFor(int httpStatus, String code) {
    if (code.equals("MEMPOOL_FULL") || code.equals("RATE_LIMITED")) return Status.RESOURCE_EXHAUSTED;
    return switch (httpStatus) {
      case 400, 413 -> Status.INVALID_ARGUMENT;
      case 404 -> Status.NOT_FOUND;
      case 409 -> Status.FAILED_PRECONDITION;
      case 429 -> Status.RESOURCE_EXHAUSTED;
      case 503 -> Status.UNAVAILABLE;
      default -> Status.INTERNAL;
    };
  }

  static StatusRuntimeException invalid(String code, String detail) {
    return of(Status.INVALID_ARGUMENT, code, detail);
  }
}
