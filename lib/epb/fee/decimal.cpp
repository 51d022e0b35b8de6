// Exact decimal arithmetic for money paths (decimal.hpp).
#include "epb/fee/decimal.hpp"

namespace epb {

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  // Compare at the larger scale: |units| < 10^18 and scales ≤ 6 keep the products in Int128.
  Int128 x = a.units();
  Int128 y = b.units();
  for (int s = a.scale(); s < b.scale(); ++s) x *= 10;
  for (int s = b.scale(); s < a.scale(); ++s) y *= 10;
  return x <=> y;
}

} // namespace epb
