// The one place that lists the notice sources this build has (lib/epb/notify/notice_source.hpp).
#include "epb/fee/fee_notices.hpp"
#include "epb/notify/deadline_source.hpp"
#include "epb/subsidy/subsidy_notices.hpp"

namespace epb {

const NoticeSources& builtin_notice_sources() {
  static const NoticeSources sources = [] {
    NoticeSources all;
    all.add(deadline_notice_source());
    all.add(subsidy_notice_source());
    all.add(fee_notice_source());
    return all;
  }();
  return sources;
}

} // namespace epb
