#include "epb/cases/case_kind.hpp"

#include <array>

namespace epb {

std::string_view case_verb_name(CaseVerb verb) {
  // In the order of CaseVerb: the names of the `epb case` verbs (and of the import).
  static constexpr std::array<std::string_view, 11> k_names{"open",   "import", "move",  "pause",  "resume",   "extend",
                                                            "assign", "note",   "close", "reopen", "recompute"};
  return k_names.at(static_cast<std::size_t>(verb));
}

const CaseKind* CaseKinds::find(std::string_view code) const {
  for (const CaseKind* kind : m_kinds)
    if (kind->code() == code) return kind;
  return nullptr;
}

std::vector<std::string_view> CaseKinds::codes() const {
  std::vector<std::string_view> out;
  out.reserve(m_kinds.size());
  for (const CaseKind* kind : m_kinds)
    out.push_back(kind->code());
  return out;
}

} // namespace epb
