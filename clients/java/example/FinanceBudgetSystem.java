// A departmental system calling the hub from Java: finance (财政局) reports
// a per-person subsidy standard, resends it (the first receipt comes back),
// and shows how a refusal names its fields.
//
//   java -cp hub-client.jar:hub-example.jar:$CLASSPATH \
//       cn.reformhub.example.FinanceBudgetSystem 127.0.0.1:50051 finance@350400
//
// The demo hub takes the principal from the x-hub-principal header; a
// production hub (mutual TLS) takes it from the client certificate instead:
// build the channel with NettyChannelBuilder.sslContext(...) and drop the
// header.
package cn.reformhub.example;

import cn.reformhub.v1.IndicatorValue;
import cn.reformhub.v1.Receipt;
import cn.reformhub.v1.Submission;
import cn.reformhub.v1.SubmissionItem;
import cn.reformhub.v1.SubmissionServiceGrpc;
import cn.reformhub.v1.SubmitRequest;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

public final class FinanceBudgetSystem {
  private FinanceBudgetSystem() {}

  static Submission subsidy(String id, String value) {
    return Submission.newBuilder()
        .setSubmissionId(id) // the department's idempotency key
        .setDepartment("finance")
        .setSourceSystem("finance-budget-java")
        .addItems(
            SubmissionItem.newBuilder()
                .setIndicatorValue(
                    IndicatorValue.newBuilder()
                        .setIndicatorCode("resident_insurance_subsidy_per_person")
                        .setRegionCode("350424") // 宁化县
                        .setPeriod("2025")
                        .setValue(value) // exact decimal, as a string
                        .setUnit("元/人")))
        .build();
  }

  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
            .usePlaintext() // demo hub only
            .build();
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-hub-principal", Metadata.ASCII_STRING_MARSHALLER), args[1]);
    SubmissionServiceGrpc.SubmissionServiceBlockingStub hub =
        SubmissionServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .withDeadlineAfter(30, TimeUnit.SECONDS);

    SubmitRequest request =
        SubmitRequest.newBuilder().setSubmission(subsidy("fin-java-2025-001", "700.00")).build();
    Receipt receipt = hub.submit(request).getReceipt(); // returns once durable
    System.out.println(
        "accepted at sequence " + receipt.getSequence() + ": " + receipt.getItems(0).getAction());
    Receipt again = hub.submit(request).getReceipt(); // a retry after a timeout
    System.out.println(
        "resent: replayed=" + again.getReplayed() + ", sequence " + again.getSequence());

    try {
      hub.submit(
          SubmitRequest.newBuilder().setSubmission(subsidy("fin-java-2025-002", "七百")).build());
    } catch (StatusRuntimeException e) {
      System.out.println("refused: " + e.getStatus().getCode());
      com.google.rpc.Status status = StatusProto.fromThrowable(e);
      for (Any detail : status.getDetailsList()) {
        if (!detail.is(BadRequest.class)) continue;
        for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
          System.out.println("  " + v.getField() + ": " + v.getDescription());
        }
      }
    }
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
