package org.aitbc.chain.rpc.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.aitbc.chain.testing.Chains;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What generic gRPC tools rely on: the standard health service and server reflection. */
class StandardServicesTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  GrpcHarness node;

  @BeforeEach
  void start() throws Exception {
    node = new GrpcHarness(dir.resolve("chain"), Chains.genesis(1));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(node.channel).check(HealthCheckRequest.newBuilder().setService(service).build())
        .getStatus();
  }

  @Test
  void healthReportsServingForTheServerAndTheChainServiceAndFollowsSetServing() {
    assertEquals(ServingStatus.SERVING, health(""));
    assertEquals(ServingStatus.SERVING, health("aitbc.v1.Chain"));
    node.server.setServing(false);
    assertEquals(ServingStatus.NOT_SERVING, health("aitbc.v1.Chain"));
    node.server.setServing(true);
    assertEquals(ServingStatus.SERVING, health(""));
  }

  ServerReflectionResponse reflect(ServerReflectionRequest req) throws Exception {
    Recorder<ServerReflectionRequest, ServerReflectionResponse> answers = new Recorder<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(node.channel).serverReflectionInfo(answers);
    requests.onNext(req);
    ServerReflectionResponse r = answers.next(WAIT);
    requests.onCompleted();
    return r;
  }

  @Test
  void reflectionListsTheChainServiceAndDescribesItsMethods() throws Exception {
    List<String> services = reflect(ServerReflectionRequest.newBuilder().setListServices("").build())
        .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
    assertTrue(services.contains("aitbc.v1.Chain"), services.toString());
    assertTrue(services.contains("grpc.health.v1.Health"), services.toString());

    var files = reflect(ServerReflectionRequest.newBuilder().setFileContainingSymbol("aitbc.v1.Chain.SubscribeMessages").build())
        .getFileDescriptorResponse().getFileDescriptorProtoList();
    var file = com.google.protobuf.DescriptorProtos.FileDescriptorProto.parseFrom(files.get(0));
    assertEquals("aitbc.v1", file.getPackage());
    var methods = file.getService(0).getMethodList().stream().map(m -> m.getName()).toList();
    assertTrue(methods.containsAll(List.of("SubmitTransaction", "GetHead", "GetBlock", "GetBlocksRange", "GetAccount",
        "GetTransaction", "ListTransactions", "ListMessages", "SubscribeMessages", "SubscribeBlocks")), methods.toString());
  }
}
