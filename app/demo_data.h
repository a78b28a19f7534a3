// The demo's bundled data files, compiled into the binary so that `winnow
// demo` runs offline from any directory. See app/demo_data/PROVENANCE.md.
#ifndef WINNOW_APP_DEMO_DATA_H_
#define WINNOW_APP_DEMO_DATA_H_

#include <string_view>
#include <vector>

namespace app {

struct DemoFile {
  std::string_view name;
  std::string_view bytes;
};

// Every bundled file, in name order.
const std::vector<DemoFile>& DemoFiles();

}  // namespace app

#endif  // WINNOW_APP_DEMO_DATA_H_
