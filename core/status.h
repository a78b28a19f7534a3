// core::Status — the result of an operation that can fail in an expected way.
// A Status is either ok() or carries a Code and a message naming what went
// wrong and where (file, line or record, field). Cheap to copy; not thread-safe
// to mutate from two threads, like any value.
#ifndef WINNOW_CORE_STATUS_H_
#define WINNOW_CORE_STATUS_H_

#include <string>
#include <utility>

namespace core {

class Status {
 public:
  // The codes map onto the CLI's exit codes (see ExitCode()).
  enum class Code {
    kOk = 0,
    kInvalidInput,  // bad user input or bad file content -> exit 2
    kUsage,         // wrong arguments -> exit 2
    kNotFound,      // a named thing does not exist -> exit 2
    kRemote,        // a remote service failed after retries -> exit 3
    kConflict,      // state conflict -> exit 4
    kIo,            // file system or database failure -> exit 1
    kInternal,      // a bug -> exit 1
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) { return Status(Code::kInvalidInput, std::move(msg)); }
  static Status Usage(std::string msg) { return Status(Code::kUsage, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status Remote(std::string msg) { return Status(Code::kRemote, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, std::move(msg)); }
  static Status Io(std::string msg) { return Status(Code::kIo, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // The process exit code the CLI uses for this status (0 when ok).
  int ExitCode() const;
  // "invalid input: <message>" style text for logs.
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace core

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define WINNOW_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::core::Status _st = (expr);              \
    if (!_st.ok()) return _st;                \
  } while (0)

#endif  // WINNOW_CORE_STATUS_H_
