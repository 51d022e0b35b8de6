// The names the fee tables store for owners, project states, declaration kinds and instalment states.
#include "epb/fee/fee_project.hpp"

namespace epb {

std::string_view fee_owner_kind_name(FeeOwnerKind kind) { return kind == FeeOwnerKind::company ? "company" : "person"; }

std::optional<FeeOwnerKind> parse_fee_owner_kind(std::string_view name) {
  if (name == "person") return FeeOwnerKind::person;
  if (name == "company") return FeeOwnerKind::company;
  return std::nullopt;
}

std::string_view fee_project_state_name(FeeProjectState state) {
  switch (state) {
  case FeeProjectState::registered: return "registered";
  case FeeProjectState::declared: return "declared";
  case FeeProjectState::settled: return "settled";
  }
  return "registered";
}

std::optional<FeeProjectState> parse_fee_project_state(std::string_view name) {
  if (name == "registered") return FeeProjectState::registered;
  if (name == "declared") return FeeProjectState::declared;
  if (name == "settled") return FeeProjectState::settled;
  return std::nullopt;
}

std::string_view fee_declaration_kind_name(FeeDeclarationKind kind) {
  return kind == FeeDeclarationKind::settlement ? "settlement" : "start";
}

std::string_view fee_instalment_state_name(FeeInstalmentState state) {
  switch (state) {
  case FeeInstalmentState::open: return "open";
  case FeeInstalmentState::paid: return "paid";
  case FeeInstalmentState::cancelled: return "cancelled";
  }
  return "open";
}

} // namespace epb
