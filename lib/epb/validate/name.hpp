#pragma once
// Names and addresses (UTF-8). Their masks live in the privacy layer, included here for the
// code that masks what it reads.
#include "epb/privacy/mask.hpp"

#include <string>
#include <string_view>

namespace epb {

// The district of an address: the text up to and including the first 區, after
// any 市 or 縣 before it (高雄市苓雅區四維三路2號 -> 苓雅區). Empty when there is no 區.
std::string district_of(std::string_view address);

} // namespace epb
