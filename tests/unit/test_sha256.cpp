// SHA-256 against the FIPS 180-4 examples, with the CPU's SHA instructions and without, and
// streamed in pieces of every size against one call.
#include "epb/core/sha256.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace epb;

namespace {

std::string hash(std::string_view bytes, Sha256::Implementation implementation, std::size_t piece = 0) {
  Sha256 h(implementation);
  if (piece == 0) {
    h.update(bytes);
  } else {
    for (std::size_t at = 0; at < bytes.size(); at += piece)
      h.update(bytes.substr(at, piece));
  }
  return h.hex();
}

} // namespace

TEST_CASE("sha256: the FIPS 180-4 examples, with and without the CPU's SHA instructions") {
  const std::string million(1'000'000, 'a');
  for (const auto implementation : {Sha256::Implementation::best, Sha256::Implementation::portable}) {
    CHECK(hash("", implementation) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hash("abc", implementation) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", implementation) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(hash(million, implementation) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

TEST_CASE("sha256: pieces of any size give the hash of the whole") {
  std::string bytes;
  for (int i = 0; i < 1000; ++i)
    bytes += static_cast<char>((i * 131 + 7) & 0xff);
  const std::string whole = hash(bytes, Sha256::Implementation::portable);
  for (const std::size_t piece : {1u, 3u, 55u, 56u, 63u, 64u, 65u, 127u, 128u, 129u, 999u})
    for (const auto implementation : {Sha256::Implementation::best, Sha256::Implementation::portable}) {
      CAPTURE(piece);
      CHECK(hash(bytes, implementation, piece) == whole);
    }
  CHECK(sha256_hex(bytes) == whole);
}
