#include "epb/subsidy/subsidy_payment.hpp"

#include "epb/subsidy/subsidy_desk.hpp"
#include "epb/subsidy/subsidy_store.hpp"

namespace epb {

void SubsidyPaymentSource::candidates(const PaymentScope& scope,
                                      const std::function<void(const PaymentCandidate&)>& each) const {
  SubsidyStore(scope.ledger).for_each_payable([&each](const PayableSubsidy& s) {
    each(PaymentCandidate{s.case_id, s.ref, s.payee, s.bank_code, s.account_number, s.amount});
  });
}

Result<void> SubsidyPaymentSource::on_paid(const PaymentScope& scope, const PaymentItem& item) const {
  SubsidyDesk desk(scope.ledger, m_config, m_calendar);
  auto paid = desk.record_paid(scope.stamp, item.ref, item.batch_ref, item.paid_on);
  if (!paid) return std::unexpected(paid.error());
  return {};
}

Result<void> SubsidyPaymentSource::on_failed(const PaymentScope& scope, const PaymentItem& item,
                                             std::string_view reason) const {
  return SubsidyDesk(scope.ledger, m_config, m_calendar).record_payment_failed(scope.stamp, item.ref, reason);
}

} // namespace epb
