// app::RecordPipeline — reads records on a worker thread so that parsing (and
// the per-record preparation the caller asks for, e.g. compressing the raw
// text) overlaps with storing on the calling thread. Records travel in
// batches through a bounded queue, so memory stays bounded whatever the file
// size. Spent batches go back to the worker, which frees them: a record's
// many small strings are freed by the thread that allocated them, so the two
// threads do not contend for one malloc arena. One consumer; Next() must be
// called from a single thread.
#ifndef WINNOW_APP_RECORD_PIPELINE_H_
#define WINNOW_APP_RECORD_PIPELINE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/reader.h"
#include "store/compress.h"

namespace app {

// A record plus what the worker prepared for it.
struct StagedRecord {
  core::Record record;
  std::string raw_zstd;  // filled by the prepare function, may stay empty
  // The dictionary raw_zstd is (or is to be) compressed with; nullptr: none.
  std::shared_ptr<const store::RawDictionary> dict;
};

struct PipelineOptions {
  size_t batch_size = 64;   // records per hand-over
  size_t max_batches = 64;  // batches queued at most (bounds memory)
  // The worker runs the optional step (see RecordPipeline) on a batch only
  // while at least this many batches wait for the consumer.
  size_t optional_when_queued = 2;
};

class RecordPipeline {
 public:
  using PrepareFn = std::function<void(StagedRecord*)>;

  // `reader` must outlive the pipeline. `prepare` runs on the worker thread
  // for every record, in order. `optional` (may be empty) is work the
  // consumer can also do itself (e.g. compressing the raw text): the worker
  // does it only while the consumer is behind, so that when reading is the
  // slower side the consumer takes that share instead of waiting. It must
  // be safe to run on any thread and leave a record it skipped recognisable.
  RecordPipeline(parse::RecordReader* reader, PrepareFn prepare, PipelineOptions options = {},
                 PrepareFn optional = nullptr);
  // Stops the worker (if still reading) and joins it.
  ~RecordPipeline();
  RecordPipeline(const RecordPipeline&) = delete;
  RecordPipeline& operator=(const RecordPipeline&) = delete;

  // The next record, or nullptr at the end or after a read error. The record
  // stays valid (and may be changed) until the next call.
  StagedRecord* Next();
  // The reader's final status; valid once Next() has returned false.
  core::Status status() const { return status_; }
  // Seconds the consumer spent waiting for records, and the worker waiting
  // for room in the queue: which side is the bottleneck.
  double consumer_wait_seconds() const { return consumer_wait_; }
  double producer_wait_seconds() const { return producer_wait_; }
  // Bytes the reader has consumed (approximate while running).
  uint64_t bytes_consumed() const { return bytes_consumed_; }

 private:
  void Run();
  void Produce();

  parse::RecordReader* reader_;
  PrepareFn prepare_;
  PrepareFn optional_;
  PipelineOptions options_;
  std::atomic<size_t> queued_{0};  // queue_.size(), readable without mu_
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<StagedRecord>> queue_;
  std::vector<std::vector<StagedRecord>> spent_;  // for the worker to free
  bool done_ = false;
  bool stop_ = false;
  core::Status status_;
  std::atomic<uint64_t> bytes_consumed_{0};
  double consumer_wait_ = 0;
  double producer_wait_ = 0;  // written by the worker, read after join or under mu_
  std::vector<StagedRecord> current_;
  size_t pos_ = 0;
  std::thread worker_;
};

}  // namespace app

#endif  // WINNOW_APP_RECORD_PIPELINE_H_
