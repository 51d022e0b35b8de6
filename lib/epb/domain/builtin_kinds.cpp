// The case kinds this build knows: the plain "case" and every domain family's kind.
#include "epb/cases/case_kind.hpp"
#include "epb/subsidy/subsidy_kind.hpp"

#include <array>

namespace epb {
namespace {

// "case": the SOP alone, no rules of its own.
class PlainCaseKind : public CaseKind {
public:
  std::string_view code() const override { return "case"; }
};

constexpr std::array<std::string_view, 11> k_verb_names{"open",   "import", "move",  "pause",  "resume",   "extend",
                                                        "assign", "note",   "close", "reopen", "recompute"};

} // namespace

std::string_view case_verb_name(CaseVerb verb) { return k_verb_names[static_cast<std::size_t>(verb)]; }

const CaseKind* CaseKinds::find(std::string_view code) const {
  for (const CaseKind* kind : m_kinds)
    if (kind->code() == code) return kind;
  return nullptr;
}

std::vector<std::string_view> CaseKinds::codes() const {
  std::vector<std::string_view> out;
  for (const CaseKind* kind : m_kinds)
    out.push_back(kind->code());
  return out;
}

const CaseKinds& builtin_case_kinds() {
  static const PlainCaseKind plain;
  static const CaseKinds kinds = [] {
    CaseKinds k;
    k.add(plain);
    k.add(subsidy_case_kind());
    return k;
  }();
  return kinds;
}

} // namespace epb
