#pragma once
// Subsidies as a purpose of the payment engine: approved, unpaid applications are the
// candidates of a batch; the bank's result moves a case to paid through the subsidy desk (and so
// through the subsidy kind's rules), or leaves it approved with the reason for a later batch.
#include "epb/config/config.hpp"
#include "epb/payment/payment_source.hpp"

namespace epb {

class OfficeCalendar;

class SubsidyPaymentSource final : public PaymentSource {
public:
  SubsidyPaymentSource(const Config& config, const OfficeCalendar& calendar) : m_config(config), m_calendar(calendar) {}

  std::string_view purpose() const override { return "subsidy"; }
  std::string_view batch_prefix() const override { return "PAY"; }
  void candidates(const PaymentScope& scope, const std::function<void(const PaymentCandidate&)>& each) const override;
  Result<void> on_paid(const PaymentScope& scope, const PaymentItem& item) const override;
  Result<void> on_failed(const PaymentScope& scope, const PaymentItem& item, std::string_view reason) const override;

private:
  const Config& m_config;
  const OfficeCalendar& m_calendar;
};

} // namespace epb
