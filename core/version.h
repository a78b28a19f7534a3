// The version winnow reports (--version, User-Agent, reviews it creates).
#ifndef WINNOW_CORE_VERSION_H_
#define WINNOW_CORE_VERSION_H_

namespace core {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace core

#endif  // WINNOW_CORE_VERSION_H_
