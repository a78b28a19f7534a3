#include "core/record.h"

namespace core {

std::vector<std::string> Record::MeshDescriptors() const {
  std::vector<std::string> out;
  out.reserve(mesh.size());
  for (const MeshHeading& m : mesh) out.push_back(m.descriptor);
  return out;
}

}  // namespace core
