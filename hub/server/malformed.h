// MalformedRequests: what arrives over the wire, before any service sees
// it, as a server interceptor (in the server's one list, after auth.h's).
//
//  * A request that does not parse is answered INVALID_ARGUMENT with a
//    BadRequest naming the field, instead of gRPC's bare INTERNAL: protobuf
//    refuses a string field that is not valid UTF-8 and says which
//    (e.g. "hub.v1.IndicatorValue.note: not valid UTF-8"); other bytes that
//    are not the request are "request: not a valid request message".
//    In a stream the bad message ends the stream with that status.
//  * Fields of a request the hub does not know are dropped, so nothing it
//    does not know is stored, logged or echoed.
//  * Protobuf's own error line for each such message is kept out of hubd's
//    log (RejectedMessages() counts them), so bad input cannot flood it.
//
// Thread safety: all methods may be called concurrently.
#ifndef HUB_SERVER_MALFORMED_H_
#define HUB_SERVER_MALFORMED_H_

#include <cstdint>
#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace hub {
namespace internal {

class MalformedRequests {
 public:
  // Installs the protobuf log handler (once per process).
  MalformedRequests();

  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
  NewInterceptorFactory();

  // Messages protobuf refused for invalid UTF-8, in this process so far.
  static uint64_t RejectedMessages();

 private:
  class Interceptor;
  class Factory;
};

}  // namespace internal
}  // namespace hub

#endif  // HUB_SERVER_MALFORMED_H_
