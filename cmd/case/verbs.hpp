#pragma once
// The `epb case` verbs: registered in cmd/case.cpp, carried out in cmd/case/*.cpp.
#include "context.hpp"

#include <CLI/CLI.hpp>

#include "epb/cases/case_desk.hpp"

namespace epb::cli {

struct CaseListOptions {
  std::vector<std::string> services, units, statuses, channels;
  std::string assignee;
  std::string received_from, received_to, due_from, due_to;
  std::string due_within; // a deadline rule: "2 workdays", "3 days", "48 hours"
  bool overdue = false;
  bool paused = false;
  bool open = false;
  bool repeated = false;
  std::string sort = "ref";
  bool descending = false;
  std::int64_t limit = 0;
  bool reveal_pii = false;
  bool count = false;
};

struct CaseShowOptions {
  std::string ref;
  bool explain = false;
  bool reveal_pii = false;
};

CaseDesk make_desk(Context& context);
CaseFilter make_filter(Context& context, const CaseListOptions& options);

void run_case_show(Context& context, const CaseShowOptions& options);
void run_case_list(Context& context, const CaseListOptions& options, bool export_mode);
void run_case_history(Context& context, const std::string& ref);
void run_case_lookup(Context& context, const std::string& ref, const std::string& phone_last4);
void run_case_overdue(Context& context, const CaseListOptions& options);
void run_case_recompute(Context& context, bool dry_run);
void add_case_import(CLI::App& parent, Context& context);
// reward add | list | pay (case/reward.cpp).
void add_case_reward(CLI::App& parent, Context& context);

} // namespace epb::cli
