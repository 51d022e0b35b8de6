#pragma once
// The configuration that goes with a demo ledger: the bureau's own, with every notice
// transport writing into the demo's folder, so `epb notify run` can be tried on the demo
// without sending anything to anyone.
#include "epb/config/config.hpp"

#include <string>
#include <vector>

namespace epb {

// `config` with its transports redirected into `directory`: sendmail messages appended to
// mail.txt, jsonl notices (SMS) to sms.jsonl, letter batches under letters/; and the demo's
// clerks (`assignees`) as staff with made-up addresses, so assignee reminders have a recipient.
Config demo_config(const Config& config, const std::string& directory, const std::vector<std::string>& assignees);

} // namespace epb
