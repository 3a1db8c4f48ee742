// hubctl's output layer: everything hubctl prints to the terminal passes
// through here, so that text from the hub (notes, progress texts, reasons,
// catalog names, error messages: anyone's input) cannot drive the terminal.
//
// SafeOutput replaces the buffers of std::cout and std::cerr for its
// lifetime with NeutralizingStreambuf, which writes every character that
// could move the cursor, repaint the screen, change colours, run a terminal
// command or reorder what is shown as a visible escape instead: C0 controls
// other than line feed and tab (carriage return too: it could overwrite a
// line), DEL, C1 controls, the line and paragraph separators, and the
// bidirectional embeddings, overrides and isolates. Each becomes "\uXXXX",
// which inside a JSON string (hubctl --json) is the same character escaped,
// so JSON output stays exact. A byte that is not UTF-8 becomes U+FFFD.
//
// Not thread-safe: one per process, on the main thread.
#ifndef HUB_TOOLS_HUBCTL_SAFE_OUTPUT_H_
#define HUB_TOOLS_HUBCTL_SAFE_OUTPUT_H_

#include <memory>
#include <streambuf>
#include <string>

namespace hub {
namespace hubctl {

class NeutralizingStreambuf : public std::streambuf {
 public:
  // out is borrowed and must outlive this buffer.
  explicit NeutralizingStreambuf(std::streambuf* out) : out_(out) {}
  ~NeutralizingStreambuf() override;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  // Writes pending_ out if it is a whole character (neutralized as need
  // be); keeps an incomplete one for the next byte.
  void Drain(bool final);

  std::streambuf* const out_;
  std::string pending_;  // bytes of one UTF-8 sequence not yet complete
};

// The text s would be printed as.
std::string Neutralize(const std::string& s);

class SafeOutput {
 public:
  SafeOutput();
  ~SafeOutput();
  SafeOutput(const SafeOutput&) = delete;
  SafeOutput& operator=(const SafeOutput&) = delete;

 private:
  std::streambuf* const cout_;
  std::streambuf* const cerr_;
  std::unique_ptr<NeutralizingStreambuf> out_;
  std::unique_ptr<NeutralizingStreambuf> err_;
};

}  // namespace hubctl
}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_SAFE_OUTPUT_H_
