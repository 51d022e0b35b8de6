// The one place that lists the case kinds this build has. A service whose `kind` is not here
// (config accepts every kind of k_service_kinds) has its cases refused by the desk, never
// handled without its rules.
#include "epb/cases/case_kind.hpp"
#include "epb/fee/fee_kind.hpp"
#include "epb/subsidy/subsidy_kind.hpp"

namespace epb {
namespace {

// The plain kind: a case with its SOP and nothing more; every hook allows.
class PlainCaseKind final : public CaseKind {
public:
  std::string_view code() const override { return "case"; }
};

} // namespace

const CaseKinds& builtin_case_kinds() {
  static const PlainCaseKind plain;
  static const CaseKinds kinds = [] {
    CaseKinds all;
    all.add(plain);
    all.add(subsidy_case_kind());
    all.add(fee_case_kind());
    return all;
  }();
  return kinds;
}

} // namespace epb
