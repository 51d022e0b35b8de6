#include "epb/demo/demo_config.hpp"

#include <fmt/format.h>

namespace epb {

Config demo_config(const Config& config, const std::string& directory, const std::vector<std::string>& assignees) {
  Config demo = config;
  for (auto& transport : demo.notify.transports) {
    switch (transport.kind) {
    case NotifyTransport::Kind::sendmail:
    case NotifyTransport::Kind::smtp:
      // A sendmail-compatible command that only appends the message to a file.
      transport.kind = NotifyTransport::Kind::sendmail;
      transport.command = fmt::format("dd of={}/mail.txt oflag=append conv=notrunc status=none", directory);
      transport.url.clear();
      transport.username.clear();
      transport.password_env.clear();
      break;
    case NotifyTransport::Kind::jsonl: transport.path = fmt::format("{}/{}.jsonl", directory, transport.code); break;
    case NotifyTransport::Kind::letter: transport.directory = fmt::format("{}/letters", directory); break;
    }
  }
  int number = 0;
  for (const auto& name : assignees) {
    ++number;
    demo.notify.staff.push_back(StaffMember{fmt::format("officer{:02}", number), name,
                                            fmt::format("officer{:02}@ksepb.gov.tw", number),
                                            fmt::format("07-7351500#{}", 200 + number)});
  }
  return demo;
}

} // namespace epb
