#pragma once
// Masking of names and addresses for output that must respect the Personal Data
// Protection Act (個資法). All functions take and return UTF-8.
#include <string>
#include <string_view>

namespace epb {

// Chinese-style names, by code point: 王 -> 王, 王明 -> 王O, 王小明 -> 王O明,
// 歐陽小明 -> 歐OO明 (the mask letter is an ASCII 'O', the customary form).
// Names written only in Latin script keep the first letter of each word and star
// the rest: John Smith -> J*** S****; spaces, hyphens, apostrophes and dots stay.
std::string mask_name(std::string_view utf8);

// Keeps the address up to and including the first 區 (district), then "****":
// 高雄市苓雅區四維三路2號 -> 高雄市苓雅區****. Without a 區, keeps the first 6 code
// points (enough for a county and township, 屏東縣東港鎮) and adds "****".
std::string mask_address(std::string_view utf8);

// The district of an address: the text up to and including the first 區, after
// any 市 or 縣 before it (高雄市苓雅區四維三路2號 -> 苓雅區). Empty when there is no 區.
std::string district_of(std::string_view address);

} // namespace epb
