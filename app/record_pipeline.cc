#include "app/record_pipeline.h"

#include <chrono>
#include <exception>
#include <string>

namespace app {
namespace {

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

RecordPipeline::RecordPipeline(parse::RecordReader* reader, PrepareFn prepare,
                               PipelineOptions options, PrepareFn optional)
    : reader_(reader),
      prepare_(std::move(prepare)),
      optional_(std::move(optional)),
      options_(options) {
  worker_ = std::thread([this] { Run(); });
}

RecordPipeline::~RecordPipeline() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void RecordPipeline::Run() {
  try {
    Produce();
  } catch (const std::exception& e) {
    // A bug or out of memory on the worker: end reading with an error rather
    // than terminating the process, so the import rolls back cleanly.
    std::lock_guard<std::mutex> lock(mu_);
    status_ = core::Status::Internal(std::string("reading records: ") + e.what());
    done_ = true;
    cv_.notify_all();
  }
}

void RecordPipeline::Produce() {
  bool more = true;
  std::vector<std::vector<StagedRecord>> spent;
  while (more) {
    std::vector<StagedRecord> batch;
    if (!spent.empty()) {
      batch = std::move(spent.back());  // keeps its capacity
      spent.pop_back();
      batch.clear();
    }
    spent.clear();  // frees the records the consumer is done with, here
    batch.reserve(options_.batch_size);
    while (batch.size() < options_.batch_size) {
      StagedRecord staged;
      more = reader_->Next(&staged.record);
      if (!more) break;
      if (prepare_) prepare_(&staged);
      batch.push_back(std::move(staged));
    }
    if (optional_ && queued_.load(std::memory_order_relaxed) >= options_.optional_when_queued) {
      for (StagedRecord& staged : batch) optional_(&staged);
    }
    auto t0 = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return stop_ || queue_.size() < options_.max_batches; });
    producer_wait_ += Since(t0);
    if (stop_) return;
    spent.swap(spent_);
    bytes_consumed_ = reader_->bytes_consumed();
    if (!batch.empty()) queue_.push_back(std::move(batch));
    queued_ = queue_.size();
    if (!more) {
      status_ = reader_->status();
      done_ = true;
    }
    cv_.notify_all();
  }
}

StagedRecord* RecordPipeline::Next() {
  if (pos_ == current_.size()) {
    auto t0 = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mu_);
    if (!current_.empty()) spent_.push_back(std::move(current_));
    current_.clear();
    pos_ = 0;
    cv_.wait(lock, [&] { return done_ || !queue_.empty(); });
    consumer_wait_ += Since(t0);
    if (queue_.empty()) return nullptr;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    queued_ = queue_.size();
    pos_ = 0;
    cv_.notify_all();
  }
  return &current_[pos_++];
}

}  // namespace app
