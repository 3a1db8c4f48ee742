#include "tools/hubctl/safe_output.h"

#include <iostream>
#include <sstream>

#include "absl/strings/str_format.h"

namespace hub {
namespace hubctl {
namespace {

// The length of the UTF-8 sequence a lead byte starts; 0 when it starts
// none.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// The code point of the n-byte sequence s, or -1 when it is not valid.
int32_t Decode(const std::string& s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  int32_t cp = s.size() == 1   ? b(0)
               : s.size() == 2 ? b(0) & 0x1F
               : s.size() == 3 ? b(0) & 0x0F
                               : b(0) & 0x07;
  for (size_t i = 1; i < s.size(); ++i) {
    if ((b(i) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  static constexpr int32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[s.size()] || cp > 0x10FFFF) return -1;
  if (cp >= 0xD800 && cp <= 0xDFFF) return -1;
  return cp;
}

bool Dangerous(int32_t cp) {
  if (cp < 0x20) return cp != '\n' && cp != '\t';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  return cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

NeutralizingStreambuf::~NeutralizingStreambuf() { Drain(/*final=*/true); }

void NeutralizingStreambuf::Drain(bool final) {
  while (!pending_.empty()) {
    const size_t want = SequenceLength(pending_[0]);
    if (want != 0 && pending_.size() < want && !final) return;
    std::string seq = pending_.substr(0, want == 0 ? 1 : want);
    const int32_t cp = want == 0 || seq.size() < want ? -1 : Decode(seq);
    if (cp < 0) {
      out_->sputn("\xEF\xBF\xBD", 3);  // U+FFFD for a byte that is not UTF-8
      pending_.erase(0, 1);
      continue;
    }
    if (Dangerous(cp)) {
      const std::string shown = absl::StrFormat("\\u%04x", cp);
      out_->sputn(shown.data(), shown.size());
    } else {
      out_->sputn(seq.data(), seq.size());
    }
    pending_.erase(0, seq.size());
  }
}

NeutralizingStreambuf::int_type NeutralizingStreambuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return 0;
  pending_.push_back(traits_type::to_char_type(c));
  Drain(/*final=*/false);
  return c;
}

std::streamsize NeutralizingStreambuf::xsputn(const char* s,
                                              std::streamsize n) {
  pending_.append(s, static_cast<size_t>(n));
  Drain(/*final=*/false);
  return n;
}

int NeutralizingStreambuf::sync() {
  Drain(/*final=*/false);
  return out_->pubsync();
}

std::string Neutralize(const std::string& s) {
  std::stringbuf sink;
  {
    NeutralizingStreambuf filter(&sink);
    std::ostream out(&filter);
    out << s;
  }
  return sink.str();
}

SafeOutput::SafeOutput()
    : cout_(std::cout.rdbuf()),
      cerr_(std::cerr.rdbuf()),
      out_(std::make_unique<NeutralizingStreambuf>(cout_)),
      err_(std::make_unique<NeutralizingStreambuf>(cerr_)) {
  std::cout.rdbuf(out_.get());
  std::cerr.rdbuf(err_.get());
}

SafeOutput::~SafeOutput() {
  std::cout.flush();
  std::cerr.flush();
  std::cout.rdbuf(cout_);
  std::cerr.rdbuf(cerr_);
}

}  // namespace hubctl
}  // namespace hub
