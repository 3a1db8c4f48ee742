// hub_verifier: parsing of the text formats (verifier.h).
#include <sstream>

#include "tools/verifier/verifier.h"

namespace hubverify {
namespace {

const char kCheckpointV1[] = "reform-hub checkpoint v1";
const char kCheckpointV2[] = "reform-hub checkpoint v2";

bool IsCheckpointHeader(const std::string& line) {
  return line == kCheckpointV1 || line == kCheckpointV2;
}

bool KnownSuite(const std::string& name) {
  for (const std::string& s : SuiteNames()) {
    if (s == name) return true;
  }
  return false;
}

bool FromHex(const std::string& hex, std::string* raw) {
  if (hex.size() % 2 != 0) return false;
  raw->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int v = 0;
    for (size_t j = i; j < i + 2; ++j) {
      char c = hex[j];
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return false;
      v = v * 16 + d;
    }
    raw->push_back(static_cast<char>(v));
  }
  return true;
}

bool ToNumber(const std::string& text, uint64_t* out) {
  if (text.empty() || text.size() > 19) return false;
  *out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    *out = *out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// "word value" -> value, when the line starts with word and a space.
bool Field(const std::string& line, const std::string& word,
           std::string* value) {
  if (line.compare(0, word.size() + 1, word + " ") != 0) return false;
  *value = line.substr(word.size() + 1);
  return true;
}

Error ParsePath(const std::vector<std::string>& lines, size_t from, size_t to,
                std::vector<std::string>* path) {
  for (size_t i = from; i < to; ++i) {
    std::string hex, raw;
    if (!Field(lines[i], "path", &hex) || !FromHex(hex, &raw) ||
        raw.size() != 32) {
      return "line \"" + lines[i] + "\" is not \"path <64 hex digits>\"";
    }
    path->push_back(raw);
  }
  return "";
}

}  // namespace

Error ParseCheckpoint(const std::string& text, Checkpoint* out) {
  std::vector<std::string> l = Lines(text);
  out->suite = "sha256-ed25519";  // what a v1 checkpoint is of
  if (!l.empty() && l[0] == kCheckpointV2) {
    if (l.size() != 6 || !Field(l[1], "suite", &out->suite)) {
      return "not a reform-hub checkpoint v2 (want 6 lines: header, suite, "
             "size, root, time, signature)";
    }
    if (!KnownSuite(out->suite)) {
      std::string known;
      for (const std::string& s : SuiteNames()) known += " " + s;
      return "checkpoint of unknown suite \"" + out->suite +
             "\" (this verifier knows" + known + ")";
    }
    l.erase(l.begin() + 1);  // now laid out as v1
  }
  std::string size, root, time, sig;
  if (l.size() != 5 || !IsCheckpointHeader(l[0]) ||
      !Field(l[1], "size", &size) || !Field(l[2], "root", &root) ||
      !Field(l[3], "time", &time) || !Field(l[4], "signature", &sig)) {
    return "not a reform-hub checkpoint (want 5 lines: header, size, root, "
           "time, signature)";
  }
  uint64_t t = 0;
  size_t space = sig.find(' ');
  if (!ToNumber(size, &out->size) || !ToNumber(time, &t) ||
      !FromHex(root, &out->root) || out->root.size() != 32 ||
      space == std::string::npos ||
      !FromHex(sig.substr(space + 1), &out->signature)) {
    return "checkpoint has a malformed size, time, root or signature";
  }
  out->time_micros = static_cast<int64_t>(t);
  out->key_id = sig.substr(0, space);
  out->signed_text = l[0] + "\n";
  if (l[0] == kCheckpointV2) out->signed_text += "suite " + out->suite + "\n";
  out->signed_text += l[1] + "\n" + l[2] + "\n" + l[3] + "\n";
  return "";
}

Error ParseInclusionProof(const std::string& text, InclusionProof* out) {
  std::vector<std::string> l = Lines(text);
  std::string index, event;
  if (l.size() < 3 || l[0] != "reform-hub inclusion proof v1" ||
      !Field(l[1], "index", &index) || !ToNumber(index, &out->index)) {
    return "not a reform-hub inclusion proof (header, index, event, paths)";
  }
  if (Field(l[2], "leaf", &event)) {
    out->presence_only = true;
    if (!FromHex(event, &out->leaf_hash) || out->leaf_hash.size() != 32) {
      return "inclusion proof has a malformed leaf hash";
    }
  } else if (!Field(l[2], "event", &event) || !FromHex(event, &out->event)) {
    return "not a reform-hub inclusion proof (header, index, event, paths)";
  }
  size_t end = 3;
  while (end < l.size() && !IsCheckpointHeader(l[end])) ++end;
  Error e = ParsePath(l, 3, end, &out->path);
  if (!e.empty() || end == l.size()) return e;
  std::string rest;
  for (size_t i = end; i < l.size(); ++i) rest += l[i] + "\n";
  out->has_checkpoint = true;
  return ParseCheckpoint(rest, &out->checkpoint);
}

Error ParseConsistencyProof(const std::string& text, ConsistencyProof* out) {
  std::vector<std::string> l = Lines(text);
  std::string old_size, new_size;
  if (l.size() < 3 || l[0] != "reform-hub consistency proof v1" ||
      !Field(l[1], "old_size", &old_size) ||
      !ToNumber(old_size, &out->old_size) ||
      !Field(l[2], "new_size", &new_size) ||
      !ToNumber(new_size, &out->new_size)) {
    return "not a reform-hub consistency proof (header, old_size, new_size, "
           "paths)";
  }
  return ParsePath(l, 3, l.size(), &out->path);
}

std::string Hex(const std::string& raw) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

}  // namespace hubverify
