// app::Progress — a one-line progress bar on stderr for long work. Draws only
// when enabled and stderr is a terminal; redraws at most ten times a second.
#ifndef WINNOW_APP_PROGRESS_H_
#define WINNOW_APP_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace app {

class Progress {
 public:
  // enabled=false (e.g. --json or -q) makes every call a no-op.
  Progress(std::string label, bool enabled);
  ~Progress();

  // done/total in bytes (total 0 = unknown); items = records so far.
  void Update(uint64_t done, uint64_t total, int64_t items);
  // Replaces the bar with a short message (e.g. "committing...").
  void Message(const std::string& text);
  // Clears the line.
  void Finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace app

#endif  // WINNOW_APP_PROGRESS_H_
