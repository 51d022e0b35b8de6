// Lookups by code. Linear scans: a config holds a few dozen entries and keeps file order.
#include "epb/config/config.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace epb {
namespace {

template <class T> const T* find_by_code(const std::vector<T>& items, std::string_view code) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.code == code; });
  return it == items.end() ? nullptr : &*it;
}

} // namespace

const State* Service::state(std::string_view state_code) const { return find_by_code(states, state_code); }

const Unit* Config::unit(std::string_view code) const { return find_by_code(units, code); }

const Channel* Config::channel(std::string_view code) const { return find_by_code(channels, code); }
const ColumnMapping* Config::mapping(std::string_view code) const { return find_by_code(mappings, code); }

const Service* Config::service(std::string_view code) const { return find_by_code(services, code); }

const Service* Config::service_by_prefix(std::string_view prefix) const {
  const auto it =
      std::find_if(services.begin(), services.end(), [&](const Service& service) { return service.prefix == prefix; });
  return it == services.end() ? nullptr : &*it;
}

const NotifyTransport* NotifySettings::transport(std::string_view code) const { return find_by_code(transports, code); }
const NotifyTemplate* NotifySettings::template_for(std::string_view code) const {
  return find_by_code(templates, code);
}
const StaffMember* NotifySettings::staff_member(std::string_view code) const { return find_by_code(staff, code); }

const NotifyLadder* NotifySettings::ladder_for(std::string_view service) const {
  const auto find = [&](std::string_view name) -> const NotifyLadder* {
    const auto it = std::find_if(ladders.begin(), ladders.end(),
                                 [&](const NotifyLadder& ladder) { return ladder.service == name; });
    return it == ladders.end() ? nullptr : &*it;
  };
  const NotifyLadder* own = find(service);
  return own ? own : find("default");
}

std::string ConfigIssue::text() const {
  if (line <= 0) return fmt::format("{}: {}", file, message);
  if (column <= 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

} // namespace epb
