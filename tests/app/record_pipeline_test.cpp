// app::RecordPipeline: records come out in order, prepared on the worker,
// spent batches are handed back, errors end the stream, and a consumer that
// stops early does not hang the worker.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "app/record_pipeline.h"

namespace {

// Emits `n` records titled "0", "1", ...; fails after `fail_after` if >= 0.
class CountingReader : public parse::RecordReader {
 public:
  CountingReader(int n, int fail_after = -1) : n_(n), fail_after_(fail_after) {}
  bool Next(core::Record* rec) override {
    if (fail_after_ >= 0 && i_ == fail_after_) {
      status_ = core::Status::InvalidInput("test.xml: record " + std::to_string(i_ + 1) + ": bad");
      return false;
    }
    if (i_ == n_) return false;
    *rec = core::Record();
    rec->title = std::to_string(i_++);
    rec->raw = std::string(1000, 'x');  // something sizeable to free
    return true;
  }
  core::Status status() const override { return status_; }
  uint64_t bytes_consumed() const override { return static_cast<uint64_t>(i_); }

 private:
  int n_;
  int fail_after_;
  int i_ = 0;
  core::Status status_;
};

}  // namespace

TEST_CASE("the pipeline hands every record over in order, prepared on the worker thread") {
  CountingReader reader(5000);
  const std::thread::id consumer = std::this_thread::get_id();
  bool prepared_elsewhere = true;
  app::PipelineOptions options;
  options.batch_size = 7;  // many hand-overs, a partial last batch
  options.max_batches = 3;
  app::RecordPipeline pipeline(
      &reader,
      [&](app::StagedRecord* s) {
        prepared_elsewhere = prepared_elsewhere && std::this_thread::get_id() != consumer;
        s->raw_zstd = "prepared " + s->record.title;
      },
      options);
  int n = 0;
  while (app::StagedRecord* s = pipeline.Next()) {
    REQUIRE(s->record.title == std::to_string(n));
    REQUIRE(s->raw_zstd == "prepared " + std::to_string(n));
    s->record.title.clear();  // the consumer may change the record it holds
    ++n;
  }
  CHECK(n == 5000);
  CHECK(prepared_elsewhere);
  CHECK(pipeline.status().ok());
  CHECK(pipeline.Next() == nullptr);  // stays at the end
}

TEST_CASE("the pipeline ends with the reader's error after the records before it") {
  CountingReader reader(100, 42);
  app::RecordPipeline pipeline(&reader, nullptr);
  int n = 0;
  while (pipeline.Next() != nullptr) ++n;
  CHECK(n == 42);
  CHECK(pipeline.status().ToString().find("test.xml: record 43: bad") != std::string::npos);
}

TEST_CASE("a consumer that stops early does not wait for the rest of the file") {
  CountingReader reader(1000000);
  app::PipelineOptions options;
  options.batch_size = 16;
  options.max_batches = 2;  // the worker blocks on a full queue
  {
    app::RecordPipeline pipeline(&reader, nullptr, options);
    for (int i = 0; i < 100; ++i) REQUIRE(pipeline.Next() != nullptr);
  }  // destroying it stops and joins the worker
  CHECK(reader.bytes_consumed() < 1000000);
}

TEST_CASE("the worker takes the optional step only while the consumer is behind") {
  app::PipelineOptions options;
  options.batch_size = 4;
  options.max_batches = 8;
  options.optional_when_queued = 2;
  const std::thread::id consumer = std::this_thread::get_id();
  auto optional = [&](app::StagedRecord* s) {
    s->raw_zstd = std::this_thread::get_id() == consumer ? "consumer" : "worker";
  };

  SECTION("a slow consumer: the worker does it once batches queue up") {
    CountingReader reader(400);
    app::RecordPipeline pipeline(&reader, nullptr, options, optional);
    int by_worker = 0, left = 0;
    while (app::StagedRecord* s = pipeline.Next()) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      REQUIRE(s->raw_zstd != "consumer");
      (s->raw_zstd == "worker" ? by_worker : left)++;
    }
    CHECK(by_worker + left == 400);
    CHECK(by_worker > 300);  // the queue stays full after the first batches
  }
  SECTION("a consumer that waits: the step is left to it") {
    // The reader gives record i only once the consumer has taken record
    // i - 4: never more than one batch waits.
    std::atomic<int> taken{0};
    class GatedReader : public CountingReader {
     public:
      explicit GatedReader(std::atomic<int>* taken) : CountingReader(40), taken_(taken) {}
      bool Next(core::Record* rec) override {
        while (taken_->load() < given_ - 4) std::this_thread::yield();
        ++given_;
        return CountingReader::Next(rec);
      }

     private:
      std::atomic<int>* taken_;
      int given_ = 0;
    } reader(&taken);
    app::RecordPipeline pipeline(&reader, nullptr, options, optional);
    int left = 0;
    while (app::StagedRecord* s = pipeline.Next()) {
      left += s->raw_zstd.empty() ? 1 : 0;
      ++taken;
    }
    CHECK(left == 40);
  }
}
