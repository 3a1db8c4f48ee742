// The hub's API from Java, as a departmental system (mostly Java services)
// calls it: stubs generated from protos/ by Debian's protoc and
// grpc-java plugin, run on Debian's grpc-java, netty and common protos,
// against a real hubd on 127.0.0.1:0 in a fresh data directory.
//
//   java -cp CLASSPATH cn.reformhub.interop.HubInteropTest HUBD HUBCTL CATALOG_DIR
//
// Four things a department relies on: streaming submissions and reading the
// receipts; the google.rpc.BadRequest field violations of a refusal (from
// the error trailer and from a stream's error response); a resent
// submission id getting the first receipt; listing merged records page by
// page. Prints "N passed, M failed" and exits non-zero on any failure.
package cn.reformhub.interop;

import cn.reformhub.v1.IndicatorValue;
import cn.reformhub.v1.ItemOutcome;
import cn.reformhub.v1.ListRecordsRequest;
import cn.reformhub.v1.ListRecordsResponse;
import cn.reformhub.v1.MergedRecord;
import cn.reformhub.v1.Receipt;
import cn.reformhub.v1.RecordServiceGrpc;
import cn.reformhub.v1.RecordState;
import cn.reformhub.v1.Submission;
import cn.reformhub.v1.SubmissionItem;
import cn.reformhub.v1.SubmissionServiceGrpc;
import cn.reformhub.v1.SubmitRequest;
import cn.reformhub.v1.SubmitResponse;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class HubInteropTest {
  private static final Metadata.Key<String> PRINCIPAL =
      Metadata.Key.of("x-hub-principal", Metadata.ASCII_STRING_MARSHALLER);
  private static final String SUBSIDY = "resident_insurance_subsidy_per_person";
  // Sanming's (三明市) counties and districts, GB/T 2260.
  private static final String[] REGIONS = {
    "350404", "350405", "350421", "350423", "350424", "350425", "350426"
  };

  private final ManagedChannel channel;

  private HubInteropTest(ManagedChannel channel) {
    this.channel = channel;
  }

  // ------------------------------------------------------------ helpers --

  private static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  private static void checkEqual(Object want, Object got, String what) {
    if (!want.equals(got)) {
      throw new AssertionError(what + ": want <" + want + ">, got <" + got + ">");
    }
  }

  // The principal travels in a header on the demo hub; under mutual TLS it
  // is the client certificate's common name instead.
  private static <S extends io.grpc.stub.AbstractStub<S>> S as(S stub, String principal) {
    Metadata headers = new Metadata();
    headers.put(PRINCIPAL, principal);
    // The hub refuses calls without a deadline (issue 12's bounded abuse).
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static Submission subsidy(String id, String region, String period, String value) {
    return Submission.newBuilder()
        .setSubmissionId(id)
        .setDepartment("finance")
        .setSourceSystem("finance-budget-java")
        .addItems(
            SubmissionItem.newBuilder()
                .setIndicatorValue(
                    IndicatorValue.newBuilder()
                        .setIndicatorCode(SUBSIDY)
                        .setRegionCode(region)
                        .setPeriod(period)
                        .setValue(value)
                        .setUnit("元/人")))
        .build();
  }

  private SubmissionServiceGrpc.SubmissionServiceBlockingStub finance() {
    return as(SubmissionServiceGrpc.newBlockingStub(channel), "finance@350400");
  }

  private static BadRequest badRequest(com.google.rpc.Status status) throws Exception {
    for (Any detail : status.getDetailsList()) {
      if (detail.is(BadRequest.class)) return detail.unpack(BadRequest.class);
    }
    throw new AssertionError("no google.rpc.BadRequest in the details of " + status);
  }

  // -------------------------------------------------------------- tests --

  // StreamSubmit: one response per request, in order; a bad one gets an
  // error response carrying google.rpc.BadRequest and the stream goes on.
  private void streamedSubmissionsGetTheirReceipts() throws Exception {
    List<SubmitResponse> responses = new ArrayList<>();
    Throwable[] failure = {null};
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<SubmitRequest> requests =
        as(SubmissionServiceGrpc.newStub(channel), "finance@350400")
            .streamSubmit(
                new StreamObserver<SubmitResponse>() {
                  @Override
                  public void onNext(SubmitResponse r) {
                    synchronized (responses) {
                      responses.add(r);
                    }
                  }

                  @Override
                  public void onError(Throwable t) {
                    failure[0] = t;
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    for (int i = 0; i < REGIONS.length; ++i) {
      String period = i == 3 ? "2024-13" : "2025";  // the fourth is refused
      requests.onNext(
          SubmitRequest.newBuilder()
              .setSubmission(
                  subsidy("java-fin-2025-" + REGIONS[i], REGIONS[i], period, (690 + i) + ".00"))
              .build());
    }
    requests.onCompleted();
    check(done.await(30, TimeUnit.SECONDS), "the stream did not finish");
    check(failure[0] == null, "the stream failed: " + failure[0]);
    checkEqual(REGIONS.length, responses.size(), "responses");
    long last = 0;
    for (int i = 0; i < REGIONS.length; ++i) {
      SubmitResponse r = responses.get(i);
      checkEqual("java-fin-2025-" + REGIONS[i], r.getSubmissionId(), "response order");
      if (i == 3) {
        check(!r.hasReceipt(), "the bad submission got a receipt");
        checkEqual(Status.Code.INVALID_ARGUMENT.value(), r.getError().getCode(), "error code");
        BadRequest bad = badRequest(r.getError());
        checkEqual(
            "items[0].indicator_value.period",
            bad.getFieldViolations(0).getField(),
            "violated field");
        check(
            bad.getFieldViolations(0).getDescription().contains("\"2024-13\""),
            "the description names the bad value: " + bad.getFieldViolations(0).getDescription());
        continue;
      }
      Receipt receipt = r.getReceipt();
      checkEqual("finance", receipt.getDepartment(), "receipt department");
      check(receipt.getSequence() > last, "sequences increase in stream order");
      last = receipt.getSequence();
      check(!receipt.getReplayed(), "a new submission is not replayed");
      checkEqual(1, receipt.getItemsCount(), "item outcomes");
      ItemOutcome item = receipt.getItems(0);
      checkEqual(ItemOutcome.Action.ACTION_CREATED, item.getAction(), "item action");
      checkEqual(REGIONS[i], item.getKey().getRegionCode(), "item region");
      checkEqual((690 + i) + ".00", item.getMergedValue(), "merged value");
      checkEqual(RecordState.RECORD_STATE_SINGLE_SOURCE, item.getState(), "record state");
    }
  }

  // A unary refusal: INVALID_ARGUMENT with google.rpc.BadRequest in the
  // grpc-status-details-bin trailer, read through grpc-java's StatusProto.
  private void aRefusalNamesTheFieldInBadRequest() throws Exception {
    try {
      finance()
          .submit(
              SubmitRequest.newBuilder()
                  .setSubmission(subsidy("java-fin-bad", "350424", "2025", "six hundred"))
                  .build());
      throw new AssertionError("a non-numeric value was accepted");
    } catch (StatusRuntimeException e) {
      checkEqual(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), "status code");
      com.google.rpc.Status status = StatusProto.fromThrowable(e);
      check(status != null, "no grpc-status-details-bin trailer");
      BadRequest bad = badRequest(status);
      checkEqual(1, bad.getFieldViolationsCount(), "violations");
      checkEqual(
          "items[0].indicator_value.value", bad.getFieldViolations(0).getField(), "violated field");
      check(
          bad.getFieldViolations(0).getDescription().contains("six hundred"),
          "the description names the bad value: " + bad.getFieldViolations(0).getDescription());
    }
  }

  // The submission id is the department's idempotency key.
  private void aResentSubmissionGetsTheFirstReceipt() {
    SubmitRequest request =
        SubmitRequest.newBuilder()
            .setSubmission(subsidy("java-fin-2025-retry", "350428", "2025", "705.00"))
            .build();
    Receipt first = finance().submit(request).getReceipt();
    check(!first.getReplayed(), "the first send is not a replay");
    Receipt again = finance().submit(request).getReceipt();
    check(again.getReplayed(), "the resend is marked replayed");
    checkEqual(first.getSequence(), again.getSequence(), "the first receipt's sequence");
    checkEqual(first.getAcceptedAtMicros(), again.getAcceptedAtMicros(), "accepted at");
    checkEqual(first.getItemsList(), again.getItemsList(), "item outcomes");
    // The same id with other content is a different submission: refused.
    try {
      finance()
          .submit(
              SubmitRequest.newBuilder()
                  .setSubmission(subsidy("java-fin-2025-retry", "350428", "2025", "706.00"))
                  .build());
      throw new AssertionError("a reused id with other content was accepted");
    } catch (StatusRuntimeException e) {
      checkEqual(Status.Code.ALREADY_EXISTS, e.getStatus().getCode(), "status code");
    }
  }

  // ListRecords in pages of two, following next_page_token to the end.
  private void mergedRecordsListPageByPage() {
    RecordServiceGrpc.RecordServiceBlockingStub records =
        as(RecordServiceGrpc.newBlockingStub(channel), "analyst@350400");
    List<MergedRecord> all = new ArrayList<>();
    Set<String> regions = new HashSet<>();
    String token = "";
    int pages = 0;
    do {
      ListRecordsResponse page =
          records.listRecords(
              ListRecordsRequest.newBuilder()
                  .setRegionCode("350400")
                  .setIndicatorCode(SUBSIDY)
                  .setPeriod("2025")
                  .setPageSize(2)
                  .setPageToken(token)
                  .build());
      check(page.getRecordsCount() <= 2, "a page holds at most page_size records");
      for (MergedRecord r : page.getRecordsList()) {
        check(regions.add(r.getKey().getRegionCode()), "record listed twice: " + r.getKey());
        all.add(r);
      }
      token = page.getNextPageToken();
      ++pages;
    } while (!token.isEmpty() && pages < 100);
    // Six streamed (one refused) and one resent: seven regions, four pages.
    checkEqual(7, all.size(), "records");
    checkEqual(4, pages, "pages");
    List<MergedRecord> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(r -> r.getKey().getRegionCode()));
    checkEqual(sorted, all, "records in key order across pages");
    check(!regions.contains("350423"), "the refused submission made no record");
    for (MergedRecord r : all) {
      checkEqual("finance", r.getContributions(0).getDepartment(), "contribution");
    }
  }

  // ---------------------------------------------------------------- main --

  private interface Case {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: HubInteropTest HUBD HUBCTL CATALOG_DIR");
      System.exit(2);
    }
    Path dir = Files.createTempDirectory("hub_java_interop_");
    Hubd hubd = Hubd.start(args[0], dir);
    int passed = 0, failed = 0;
    ManagedChannel channel = null;
    try {
      hubd.hubctl(args[1], "reform_office@350400", "catalog", "load", args[2]);
      channel = NettyChannelBuilder.forAddress("127.0.0.1", hubd.port).usePlaintext().build();
      HubInteropTest t = new HubInteropTest(channel);
      String[] names = {
        "StreamedSubmissionsGetTheirReceipts",
        "ARefusalNamesTheFieldInBadRequest",
        "AResentSubmissionGetsTheFirstReceipt",
        "MergedRecordsListPageByPage"
      };
      Case[] cases = {
        t::streamedSubmissionsGetTheirReceipts,
        t::aRefusalNamesTheFieldInBadRequest,
        t::aResentSubmissionGetsTheFirstReceipt,
        t::mergedRecordsListPageByPage
      };
      for (int i = 0; i < cases.length; ++i) {
        try {
          cases[i].run();
          System.out.println("[       OK ] " + names[i]);
          ++passed;
        } catch (Throwable e) {
          System.out.println("[  FAILED  ] " + names[i] + ": " + e);
          ++failed;
        }
      }
    } finally {
      if (channel != null) channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      int exit = hubd.stop();
      if (exit != 0) {
        System.out.println("hubd exited " + exit + ":\n" + hubd.log());
        ++failed;
      }
      deleteTree(dir.toFile());
    }
    System.out.println(passed + " passed, " + failed + " failed");
    System.exit(failed == 0 ? 0 : 1);
  }

  private static void deleteTree(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) deleteTree(c);
    }
    f.delete();
  }
}
