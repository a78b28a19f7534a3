#include "app/progress.h"

#include <unistd.h>

#include <cstdio>

namespace app {

Progress::Progress(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && isatty(STDERR_FILENO)) {}

Progress::~Progress() { Finish(); }

void Progress::Update(uint64_t done, uint64_t total, int64_t items) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  if (total == 0) {
    std::fprintf(stderr, "\r%s: %lld records", label_.c_str(), static_cast<long long>(items));
    return;
  }
  double frac = static_cast<double>(done) / static_cast<double>(total);
  if (frac > 1) frac = 1;
  int filled = static_cast<int>(frac * kWidth);
  std::string bar(filled, '#');
  bar.append(kWidth - filled, '.');
  std::fprintf(stderr, "\r%s [%s] %3d%% %lld records", label_.c_str(), bar.c_str(),
               static_cast<int>(frac * 100), static_cast<long long>(items));
}

void Progress::Message(const std::string& text) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K%s: %s", label_.c_str(), text.c_str());
  drawn_ = true;
}

void Progress::Finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
}

}  // namespace app
