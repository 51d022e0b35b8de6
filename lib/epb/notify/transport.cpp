#include "epb/notify/message.hpp"

namespace epb {

std::unique_ptr<Transport> make_transport(const NotifyTransport& config, std::string_view run_stamp) {
  switch (config.kind) {
  case NotifyTransport::Kind::sendmail: return make_sendmail_transport(config);
  case NotifyTransport::Kind::smtp: return make_smtp_transport(config);
  case NotifyTransport::Kind::jsonl: return make_jsonl_transport(config);
  case NotifyTransport::Kind::letter: return make_letter_transport(config, run_stamp);
  }
  throw Error("unknown notify transport kind"); // unreachable: the config parser checks kinds
}

} // namespace epb
