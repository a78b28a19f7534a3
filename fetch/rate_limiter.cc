// RateLimiter: a token bucket per host on the steady clock. A bucket starts
// full (the first request goes at once) and holds at most `burst` tokens, so
// with burst 1 two requests are always at least 1/per_second apart, measured
// from when Acquire() returned. A caller without a token takes one in
// advance (the bucket goes below zero) and sleeps until it would have
// accrued, outside the lock, so callers queue fairly.
#include <algorithm>
#include <chrono>
#include <string>
#include <mutex>
#include <thread>

#include "fetch/http.h"

namespace fetch {
namespace {

using Seconds = std::chrono::duration<double>;

}  // namespace

RateLimiter& RateLimiter::Shared() {
  static RateLimiter* shared = new RateLimiter();  // never destroyed: used until exit
  return *shared;
}

void RateLimiter::SetLimit(const std::string& host, double per_second, double burst) {
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& b = buckets_[host];
  b.per_second = per_second;
  b.burst = std::max(1.0, burst);
  b.tokens = std::min(b.tokens, b.burst);
}

double RateLimiter::Acquire(const std::string& host) {
  double wait = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = buckets_.find(host);
    if (it == buckets_.end() || it->second.per_second <= 0) return 0;
    Bucket& b = it->second;
    auto now = Clock::now();
    if (!b.started) {
      b.tokens = b.burst;
      b.started = true;
    } else {
      b.tokens = std::min(b.burst, b.tokens + Seconds(now - b.last).count() * b.per_second);
    }
    b.last = now;
    // Take a token; when there is none, the deficit says how long until
    // this caller's token has accrued.
    b.tokens -= 1;
    if (b.tokens < 0) wait = -b.tokens / b.per_second;
  }
  if (wait <= 0) return 0;
  std::this_thread::sleep_for(Seconds(wait));
  // A sleep that ran over is not credited: the next request is spaced from
  // when this one actually goes.
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& b = buckets_[host];
  auto now = Clock::now();
  b.tokens = std::min(0.0, b.tokens + Seconds(now - b.last).count() * b.per_second);
  b.last = now;
  return wait;
}

}  // namespace fetch
