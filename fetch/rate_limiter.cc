// RateLimiter: a token bucket per host on the steady clock. A bucket starts
// full (the first request goes at once) and holds at most `burst` tokens, so
// with burst 1 two requests are always at least 1/per_second apart, measured
// from when Acquire() returned.
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "fetch/http.h"

namespace fetch {
namespace {

using Seconds = std::chrono::duration<double>;

}  // namespace

void RateLimiter::SetLimit(const std::string& host, double per_second, double burst) {
  Bucket& b = buckets_[host];
  b.per_second = per_second;
  b.burst = std::max(1.0, burst);
  b.tokens = std::min(b.tokens, b.burst);
}

double RateLimiter::Acquire(const std::string& host) {
  auto it = buckets_.find(host);
  if (it == buckets_.end() || it->second.per_second <= 0) return 0;
  Bucket& b = it->second;
  auto start = Clock::now();
  auto refill = [&b](Clock::time_point now) {
    if (!b.started) {
      b.tokens = b.burst;
      b.started = true;
    } else {
      b.tokens = std::min(b.burst, b.tokens + Seconds(now - b.last).count() * b.per_second);
    }
    b.last = now;
  };
  refill(start);
  while (b.tokens < 1) {
    std::this_thread::sleep_for(Seconds((1 - b.tokens) / b.per_second));
    refill(Clock::now());
  }
  b.tokens -= 1;
  return Seconds(Clock::now() - start).count();
}

}  // namespace fetch
