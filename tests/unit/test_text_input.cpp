// The text policy where input is read and output written: the import engine checks every
// field by its kind before the target sees it, the JSON-lines reader refuses lone surrogates
// and duplicate keys, and JSON strings stay valid whatever a ledger holds.
#include "epb/io/import_engine.hpp"
#include "epb/ledger/ledger.hpp"
#include "epb/output/json.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace epb;

namespace {

constexpr std::array<FieldSpec, 2> k_fields = {{{"code", true, TextKind::code}, {"note", false, TextKind::note}}};

struct Nothing final : PreparedRow {};

// Counts what reaches it: a value the policy refuses must never get here.
class CountingTarget final : public ImportTarget {
public:
  std::span<const FieldSpec> fields() const override { return k_fields; }
  Result<std::unique_ptr<PreparedRow>> prepare(const FieldValues&) const override {
    ++prepared;
    return std::make_unique<Nothing>();
  }
  Result<RowOutcome> store(PreparedRow&, OnDuplicate) override { return RowOutcome::imported; }
  std::string_view record_type() const override { return "counted"; }
  void record_batch(const CommittedBatch&) override {}
  mutable int prepared = 0;
};

std::string write_file(std::string_view name, std::string_view text) {
  const auto path = std::filesystem::temp_directory_path() / fmt::format("epb-text-{}-{}", ::getpid(), name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

ImportSummary import_text(std::string_view name, std::string_view text, InputFormat format, CountingTarget& target) {
  auto ledger = Ledger::in_memory();
  const std::string path = write_file(name, text);
  TextSource source(path, TextSource::Encoding::utf8);
  auto reader = make_record_reader(source, format);
  REQUIRE(reader);
  ImportOptions options;
  options.format = format;
  auto summary = run_import(*ledger, **reader, target, options, {});
  std::filesystem::remove(path);
  return summary;
}

// The reader's verdict on one JSON line: "ok" or the error as listed.
std::string json_line(std::string_view line) {
  CountingTarget target;
  const auto summary = import_text("one.jsonl", std::string(line) + "\n", InputFormat::jsonl, target);
  if (summary.errors.empty()) return "ok";
  const std::string& error = summary.errors[0];
  return error.substr(error.find(".jsonl:") + 7);
}

} // namespace

TEST_CASE("import engine: every field is held to its kind's text policy before the target sees it") {
  CountingTarget target;
  const auto summary = import_text("p.csv",
                                   "code,note\n"
                                   "ok,\"two\nlines\tand a tab\"\n"
                                   "bad\x1b,x\n"
                                   "ok,\"esc \x1b[2J\"\n"
                                   "has space\xe2\x80\xae,x\n",
                                   InputFormat::csv, target);
  CHECK(target.prepared == 1);
  CHECK(summary.rejected == 3);
  REQUIRE(summary.errors.size() == 3);
  CHECK(summary.errors[0].ends_with(":4: code: control character U+001B not allowed"));
  CHECK(summary.errors[1].ends_with(":5: note: control character U+001B not allowed"));
  CHECK(summary.errors[2].ends_with(":6: code: bidi control U+202E not allowed"));
  CHECK_FALSE(summary.written);
}

TEST_CASE("json lines: a surrogate pair is one character, half of one is refused") {
  CHECK(json_line(R"({"code":"a\ud83d\ude00"})") == "ok");
  CHECK(json_line(R"({"code":"\ud800"})") == "1: code: lone surrogate \\uD800 at column 10 (not a character)");
  CHECK(json_line(R"({"code":"\udfff"})") == "1: code: lone surrogate \\uDFFF at column 10 (not a character)");
  CHECK(json_line(R"({"code":"\ud800\u0041"})") == "1: code: lone surrogate \\uD800 at column 10 (not a character)");
  CHECK(json_line(R"({"code":"\ud800\ud800"})") == "1: code: lone surrogate \\uD800 at column 10 (not a character)");
  CHECK(json_line(R"({"code":"\ud800x"})") == "1: code: lone surrogate \\uD800 at column 10 (not a character)");
  CHECK(json_line(R"({"code":"x\u0000"})") == "1: code: NUL byte (U+0000) not allowed at byte 2");
}

TEST_CASE("json lines: a key given twice in one object is refused, naming it") {
  CHECK(json_line(R"({"code":"a","code":"b"})") == "1: duplicate key 'code'");
  CHECK(json_line(R"({"code":"a","note":"x","note":null})") == "1: duplicate key 'note'");
  CHECK(json_line(R"({"note":"x","code":"a"})") == "ok");
  CHECK(json_line(R"({"code":"a","n\u001bte":"x"})") == "1: key: control character U+001B not allowed");
}

TEST_CASE("json strings: controls escaped, UTF-8 kept, bytes that are not UTF-8 replaced") {
  CHECK(json_string("王小明 \xF0\x9F\x98\x80") == "\"王小明 \xF0\x9F\x98\x80\"");
  CHECK(json_string("q\" b\\ n\n t\t r\r e\x1b") == R"("q\" b\\ n\n t\t r\r e\u001b")");
  CHECK(json_string(std::string("nul\0", 4)) == R"("nul\u0000")");
  CHECK(json_string("bad\xff end") == R"("bad\ufffd end")");
  CHECK(json_string("surrogate \xED\xA0\x80") == R"("surrogate \ufffd\ufffd\ufffd")");
  CHECK(json_string("") == "\"\"");
}

TEST_CASE("json string arrays: each item a JSON string, none an empty array") {
  const std::vector<std::string> refs = {"PET-113-000001", "q\"b"};
  CHECK(json_string_array(refs) == R"(["PET-113-000001","q\"b"])");
  const std::vector<std::string_view> actions = {"note"};
  CHECK(json_string_array(actions) == R"(["note"])");
  CHECK(json_string_array(std::vector<std::string>{}) == "[]");
}
