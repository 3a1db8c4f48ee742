// ThreadSanitizer shim for tools/sanitize.sh tsan; not part of any build.
//
// Debian's libabsl_synchronization is not built with TSan, so absl::Mutex and
// absl::CondVar give TSan no happens-before edges and every access guarded by
// them is reported as a race (hundreds, all false). Linked into the TSan test
// binaries, this file defines the out-of-line Mutex/CondVar entry points our
// code calls, tells TSan about each lock and unlock with its mutex
// annotations, and forwards to the library's own definitions (dlsym
// RTLD_NEXT). Only what hub/ uses is covered: Lock, Unlock, TryLock,
// ReaderLock, ReaderUnlock and CondVar::Wait.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "absl/base/options.h"
#include "absl/synchronization/mutex.h"

namespace {

#define HUB_TSAN_STR2(x) #x
#define HUB_TSAN_STR(x) HUB_TSAN_STR2(x)

// The library's definition of absl::<inline ns>::<rest> (Itanium mangling).
template <typename F>
F Real(const char* rest) {
  const std::string ns = HUB_TSAN_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string name = "_ZN4absl" + std::to_string(ns.size()) + ns + rest;
  void* p = dlsym(RTLD_NEXT, name.c_str());
  if (p == nullptr) {
    std::fprintf(stderr, "tsan_absl_mutex: %s not found\n", name.c_str());
    std::abort();
  }
  F f;
  static_assert(sizeof(f) == sizeof(p));
  std::memcpy(&f, &p, sizeof(p));
  return f;
}

using MuFn = void (*)(absl::Mutex*);
using MuTryFn = bool (*)(absl::Mutex*);
using WaitFn = void (*)(absl::CondVar*, absl::Mutex*);

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  static const MuFn real = Real<MuFn>("5Mutex4LockEv");
  __tsan_mutex_pre_lock(this, 0);
  real(this);
  __tsan_mutex_post_lock(this, 0, 0);
}

void Mutex::Unlock() {
  static const MuFn real = Real<MuFn>("5Mutex6UnlockEv");
  __tsan_mutex_pre_unlock(this, 0);
  real(this);
  __tsan_mutex_post_unlock(this, 0);
}

bool Mutex::TryLock() {
  static const MuTryFn real = Real<MuTryFn>("5Mutex7TryLockEv");
  __tsan_mutex_pre_lock(this, __tsan_mutex_try_lock);
  const bool locked = real(this);
  __tsan_mutex_post_lock(
      this,
      locked ? __tsan_mutex_try_lock
             : __tsan_mutex_try_lock | __tsan_mutex_try_lock_failed,
      0);
  return locked;
}

void Mutex::ReaderLock() {
  static const MuFn real = Real<MuFn>("5Mutex10ReaderLockEv");
  __tsan_mutex_pre_lock(this, __tsan_mutex_read_lock);
  real(this);
  __tsan_mutex_post_lock(this, __tsan_mutex_read_lock, 0);
}

void Mutex::ReaderUnlock() {
  static const MuFn real = Real<MuFn>("5Mutex12ReaderUnlockEv");
  __tsan_mutex_pre_unlock(this, __tsan_mutex_read_lock);
  real(this);
  __tsan_mutex_post_unlock(this, __tsan_mutex_read_lock);
}

// Wait releases mu while blocked and holds it again on return.
void CondVar::Wait(Mutex* mu) {
  static const WaitFn real = Real<WaitFn>("7CondVar4WaitEPNS0_5MutexE");
  __tsan_mutex_pre_unlock(mu, 0);
  __tsan_mutex_post_unlock(mu, 0);
  real(this, mu);
  __tsan_mutex_pre_lock(mu, 0);
  __tsan_mutex_post_lock(mu, 0, 0);
}

ABSL_NAMESPACE_END
}  // namespace absl
