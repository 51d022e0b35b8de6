// Paths through a service's SOP, read from the config: a demo case walks the fullest
// ordinary path (received, assigned, processing, replied, closed), not a shortcut.
#include "epb/demo/demo_plan.hpp"

#include <algorithm>

namespace epb {
namespace {

// SOPs have a handful of states; the bound keeps a pathological config from taking long.
constexpr std::size_t k_max_route = 12;

struct RouteSearch {
  const Service& service;
  std::string_view from;
  std::string_view target;
  std::vector<std::string> path;
  std::vector<std::string> best;

  void extend(std::string_view state) {
    const State* current = service.state(state);
    if (!current || path.size() >= k_max_route) return;
    for (const auto& next : current->next) {
      const State* candidate = service.state(next);
      if (!candidate || candidate->pauses_clock || next == from) continue;
      if (std::find(path.begin(), path.end(), next) != path.end()) continue;
      path.push_back(next);
      if (next == target) {
        if (path.size() > best.size()) best = path;
      } else if (!candidate->final) {
        extend(next);
      }
      path.pop_back();
    }
  }
};

} // namespace

std::string usual_final(const Service& service) {
  std::string first;
  for (const auto& state : service.states) {
    if (!state.final) continue;
    if (state.code == "closed") return state.code;
    if (first.empty()) first = state.code;
  }
  return first;
}

std::vector<std::string> route_to(const Service& service, std::string_view from, std::string_view target) {
  RouteSearch search{service, from, target, {}, {}};
  search.extend(from);
  return search.best;
}

std::optional<std::string> other_final(const Service& service, std::string_view state, std::string_view usual) {
  const State* current = service.state(state);
  if (!current) return std::nullopt;
  for (const auto& next : current->next)
    if (const State* candidate = service.state(next); candidate && candidate->final && next != usual) return next;
  return std::nullopt;
}

bool can_pause(const Service& service, std::string_view state) {
  const State* current = service.state(state);
  if (!current) return false;
  return std::ranges::any_of(current->next, [&](const std::string& next) {
    const State* candidate = service.state(next);
    return candidate && candidate->pauses_clock;
  });
}

} // namespace epb
