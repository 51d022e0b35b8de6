// The one text policy: every rule, its boundaries, and the escaping of human output.
#include "epb/core/text.hpp"
#include "epb/core/text_policy.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace epb;

namespace {

std::string why(TextKind kind, std::string_view text) { return text_violation(kind, text).value_or("ok"); }

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i)
    out += piece;
  return out;
}

} // namespace

TEST_CASE("text policy: ordinary zh-TW, English and emoji text is accepted") {
  CHECK(why(TextKind::name, "王小明") == "ok");
  CHECK(why(TextKind::subject, "工地噪音 noise at night, 22:00 後施工") == "ok");
  CHECK(why(TextKind::line, "高雄市苓雅區四維三路2號") == "ok");
  CHECK(why(TextKind::note, "第一行\n第二行\twith a tab\r\nand CRLF") == "ok");
  CHECK(why(TextKind::name, "\xF0\x9F\x98\x80 smile") == "ok"); // U+1F600, four bytes
  CHECK(why(TextKind::name, "\xF4\x8F\xBF\xBF") == "ok");       // U+10FFFF, the last code point
  CHECK(why(TextKind::name, "\xF0\xA0\x80\x80") == "ok");       // U+20000, CJK extension B
  CHECK(why(TextKind::name, "") == "ok");
}

TEST_CASE("text policy: bytes that are not UTF-8 are refused, with the byte") {
  CHECK(why(TextKind::name, "abcd\xFF") == "invalid UTF-8 at byte 5");
  CHECK(why(TextKind::name, "\xC0\xAF") == "invalid UTF-8 at byte 1");                 // overlong '/'
  CHECK(why(TextKind::name, "\xE0\x80\xAF") == "invalid UTF-8 at byte 1");             // overlong, three bytes
  CHECK(why(TextKind::name, "\xF0\x80\x80\xAF") == "invalid UTF-8 at byte 1");         // overlong, four bytes
  CHECK(why(TextKind::name, "a\xED\xA0\x80") == "invalid UTF-8 at byte 2");            // U+D800 encoded
  CHECK(why(TextKind::name, "\xED\xBF\xBF") == "invalid UTF-8 at byte 1");             // U+DFFF encoded
  CHECK(why(TextKind::name, "\xF4\x90\x80\x80") == "invalid UTF-8 at byte 1");         // past U+10FFFF
  CHECK(why(TextKind::name, "\xE7\x8E") == "invalid UTF-8 at byte 1");                 // cut short
  CHECK(why(TextKind::name, "\x80") == "invalid UTF-8 at byte 1");                     // lone continuation
  CHECK(why(TextKind::note, "ok\n\xF8\x88\x80\x80\x80") == "invalid UTF-8 at byte 4"); // five bytes
  CHECK(first_invalid_utf8("a\xED\xA0\x80") == 1);
  CHECK(first_invalid_utf8("王\xF0\x9F\x98\x80") == std::string_view::npos);
}

TEST_CASE("text policy: NUL and control characters") {
  CHECK(why(TextKind::name, std::string("ab\0c", 4)) == "NUL byte (U+0000) not allowed at byte 3");
  CHECK(why(TextKind::note, std::string("ab\0c", 4)) == "NUL byte (U+0000) not allowed at byte 3");
  CHECK(why(TextKind::name, "a\x1b[31mred") == "control character U+001B not allowed");
  CHECK(why(TextKind::name, "bell\a") == "control character U+0007 not allowed");
  CHECK(why(TextKind::name, "\x01") == "control character U+0001 not allowed");
  CHECK(why(TextKind::name, "del\x7f") == "control character U+007F not allowed");
  CHECK(why(TextKind::name, "c1 \xC2\x85") == "control character U+0085 not allowed");
  CHECK(why(TextKind::name, "csi \xC2\x9B") == "control character U+009B not allowed");
  CHECK(why(TextKind::note, "esc \x1b in a note") == "control character U+001B not allowed");
  CHECK(why(TextKind::note, "lone \r return") == "control character U+000D not allowed");
}

TEST_CASE("text policy: newline and tab only in multi-line fields") {
  CHECK(why(TextKind::subject, "two\nlines") == "control character U+000A not allowed (a single-line value)");
  CHECK(why(TextKind::name, "a\tb") == "control character U+0009 not allowed (a single-line value)");
  CHECK(why(TextKind::code, "a\r\nb") == "control character U+000D not allowed");
  CHECK(why(TextKind::note, "two\nlines\tand a tab") == "ok");
  CHECK(why(TextKind::document, "Dear {name},\n\n\tyour case") == "ok");
}

TEST_CASE("text policy: bidi controls") {
  CHECK(why(TextKind::name, "abc\xE2\x80\xAEgpj.exe") == "bidi control U+202E not allowed");
  CHECK(why(TextKind::name, "\xE2\x80\xAA") == "bidi control U+202A not allowed");
  CHECK(why(TextKind::name, "\xE2\x81\xA6") == "bidi control U+2066 not allowed");
  CHECK(why(TextKind::name, "\xE2\x81\xA9") == "bidi control U+2069 not allowed");
  CHECK(why(TextKind::note, "\xE2\x80\xAE in a note too") == "bidi control U+202E not allowed");
  // The invisible marks and separators: refused on one line, accepted in multi-line text.
  CHECK(why(TextKind::name, "a\xE2\x80\x8F") == "invisible control U+200F not allowed (a single-line value)");
  CHECK(why(TextKind::line, "a\xE2\x80\x8E") == "invisible control U+200E not allowed (a single-line value)");
  CHECK(why(TextKind::line, "a\xD8\x9C") == "invisible control U+061C not allowed (a single-line value)");
  CHECK(why(TextKind::subject, "a\xE2\x80\xA8") == "invisible control U+2028 not allowed (a single-line value)");
  CHECK(why(TextKind::note, "a\xE2\x80\x8F b\xE2\x80\xA9") == "ok");
}

TEST_CASE("text policy: length limits count characters, not bytes") {
  const struct {
    TextKind kind;
    std::size_t limit;
  } kinds[] = {{TextKind::code, 64},     {TextKind::name, 100},  {TextKind::line, 200},
               {TextKind::subject, 200}, {TextKind::note, 4000}, {TextKind::document, 20000}};
  for (const auto& k : kinds) {
    CAPTURE(text_kind_name(k.kind));
    CHECK(text_rule(k.kind).max_chars == k.limit);
    CHECK(why(k.kind, repeat("王", k.limit)) == "ok");
    CHECK(why(k.kind, repeat("a", k.limit)) == "ok");
    CHECK(why(k.kind, repeat("王", k.limit + 1)) ==
          "longer than " + std::to_string(k.limit) + " characters (" + std::to_string(k.limit + 1) + ")");
    CHECK(why(k.kind, repeat("\xF0\x9F\x98\x80", k.limit)) == "ok");
  }
}

TEST_CASE("text policy: check_text names the field, require_text throws for exit 3") {
  const auto checked = check_text(TextKind::name, "cases.csv:12: name", "a\x1b");
  REQUIRE(!checked);
  CHECK(checked.error().fault == Fault::invalid);
  CHECK(checked.error().message() == "cases.csv:12: name: control character U+001B not allowed");
  CHECK(check_text(TextKind::name, "name", "ok"));
  CHECK_THROWS_AS(require_text(TextKind::subject, "--subject", "bad\xFF"), ProblemError);
  try {
    require_text(TextKind::subject, "--subject", "abcd\xFF");
  } catch (const ProblemError& e) {
    CHECK(std::string(e.what()) == "--subject: invalid UTF-8 at byte 5");
    CHECK(e.fault() == Fault::invalid);
  }
}

TEST_CASE("terminal_safe: controls, bidi and bad bytes are shown, not obeyed") {
  CHECK(terminal_safe("plain 王小明 \xF0\x9F\x98\x80") == "plain 王小明 \xF0\x9F\x98\x80");
  CHECK(terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(terminal_safe("bell\a") == "bell\\x07");
  CHECK(terminal_safe(std::string("n\0l", 3)) == "n\\x00l");
  CHECK(terminal_safe("x\x7f") == "x\\x7f");
  CHECK(terminal_safe("c1\xC2\x9B") == "c1<U+009B>");
  CHECK(terminal_safe("abc\xE2\x80\xAEgpj") == "abc<U+202E>gpj");
  CHECK(terminal_safe("mark\xE2\x80\x8F") == "mark<U+200F>");
  CHECK(terminal_safe("bad\xFF\xED\xA0\x80") == "bad\\xff\\xed\\xa0\\x80");
  CHECK(terminal_safe("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(terminal_safe("a\nb\tc\rd", true) == "a\nb\tc\\rd");
}
