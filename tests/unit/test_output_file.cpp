// Output files: protected files are found by what they are, not by spelling; a file is written
// whole or not at all; readers keep each record's text exactly as read for the rejects file.
#include "epb/io/output_file.hpp"
#include "epb/io/record_reader.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace epb;
namespace fs = std::filesystem;

namespace {

// A scratch directory of its own, removed at the end.
struct Scratch {
  Scratch() : dir(fs::temp_directory_path() / fmt::format("epb-output-{}-{}", ::getpid(), ++count)) {
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string at(std::string_view name) const { return (dir / name).string(); }
  void write(std::string_view name, std::string_view text) const { std::ofstream(at(name)) << text; }
  std::string read(std::string_view name) const {
    std::ifstream in(at(name));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {})); }

  fs::path dir;
  static inline int count = 0;
};

unsigned mode_of(const std::string& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

} // namespace

TEST_CASE("a ledger is protected under every spelling, its side files before they exist") {
  Scratch s;
  s.write("x.sqlite", "ledger");
  fs::create_directory(s.dir / "sub");
  fs::create_symlink("x.sqlite", s.dir / "link");
  fs::create_hard_link(s.dir / "x.sqlite", s.dir / "hard");
  ProtectedFiles protect;
  protect.add_ledger(s.at("x.sqlite"));
  for (const char* name : {"x.sqlite", "./x.sqlite", "sub/../x.sqlite", "link", "hard", "x.sqlite-wal",
                           "sub/../x.sqlite-shm", "x.sqlite-journal"}) {
    CAPTURE(name);
    const auto checked = protect.check("--out", s.at(name));
    REQUIRE_FALSE(checked);
    CHECK(checked.error().fault == Fault::invalid);
    CHECK(checked.error().what == fmt::format("--out {}", s.at(name)));
  }
  CHECK(protect.check("--out", s.at("y.sqlite")));
  CHECK(protect.check("--out", s.at("x.sqlite-walrus")));
}

TEST_CASE("an output file appears whole on commit, with mode 0600, and not at all without") {
  Scratch s;
  const ProtectedFiles none;
  {
    OutputFile out("--out", s.at("r.csv"), none);
    out.stream() << "a,b\n";
    CHECK_FALSE(fs::exists(s.at("r.csv")));
    out.commit();
  }
  CHECK(s.read("r.csv") == "a,b\n");
  CHECK(mode_of(s.at("r.csv")) == 0600);
  // Existing: refused unless replacing; an uncommitted replacement leaves it as it was.
  CHECK_THROWS_AS(OutputFile("--out", s.at("r.csv"), none), ProblemError);
  {
    OutputFile out("--out", s.at("r.csv"), none, OutputOptions{.replace = true});
    out.stream() << "half";
  }
  CHECK(s.read("r.csv") == "a,b\n");
  CHECK(s.entries() == 1); // no temporary file left
  {
    OutputFile out("--out", s.at("r.csv"), none, OutputOptions{.replace = true});
    out.stream() << "new\n";
    out.commit();
  }
  CHECK(s.read("r.csv") == "new\n");
}

TEST_CASE("an output path that cannot be a file is refused before anything is written") {
  Scratch s;
  const ProtectedFiles none;
  CHECK(check_output_path("--out", s.at(""), none, {}).error().why == "is a directory");
  CHECK(check_output_path("--out", s.at("no/r.csv"), none, {}).error().why ==
        fmt::format("no such directory {}", s.at("no")));
  CHECK(check_output_path("--out", "/dev/null", none, {}));
  CHECK(check_output_path("--out", "/dev/null", none, {.regular_only = true}).error().why == "not a regular file");
  CHECK(check_output_path("--out", "", none, {}).error().why == "an empty file name");
}

TEST_CASE("private directories are made 0700, existing ones left alone") {
  Scratch s;
  create_private_directories(s.at("a/b/c"), "test");
  CHECK(mode_of(s.at("a")) == 0700);
  CHECK(mode_of(s.at("a/b/c")) == 0700);
  fs::permissions(s.at("a"), fs::perms(0750));
  create_private_directories(s.at("a/d"), "test");
  CHECK(mode_of(s.at("a")) == 0750);
}

TEST_CASE("readers keep each record's text as read, across chunk boundaries") {
  Scratch s;
  // Records longer than the reader's 1 MB chunk, so that some straddle two chunks.
  const std::string big(700'000, 'x');
  std::string text = "a,b\r\n";
  std::vector<std::string> records;
  for (int i = 0; i < 4; ++i) {
    records.push_back(fmt::format("{},\"{}\nline\"\r\n", i, big));
    records.push_back(fmt::format("{},{}\"broken\n", i, big)); // a quote inside an unquoted field
  }
  for (const auto& record : records)
    text += record;
  s.write("big.csv", text);
  TextSource source(s.at("big.csv"), TextSource::Encoding::utf8);
  auto reader = make_record_reader(source, InputFormat::csv, true);
  REQUIRE(reader);
  CHECK((*reader)->raw_header() == "a,b\r\n");
  Record record;
  for (std::size_t i = 0; i < records.size(); ++i) {
    CAPTURE(i);
    auto got = (*reader)->next(record);
    CHECK(got.has_value() == (i % 2 == 0));
    CHECK(record.raw == records[i]);
  }
  const auto end = (*reader)->next(record);
  REQUIRE(end);
  CHECK_FALSE(*end);
}

TEST_CASE("sync() puts the bytes on disk before the commit, and reports a full disk there") {
  Scratch s;
  const ProtectedFiles none;
  {
    OutputFile out("--roster", s.at("r.csv"), none);
    out.stream() << "a,b\n";
    out.sync(); // the caller commits its ledger record now
    CHECK_FALSE(fs::exists(s.at("r.csv")));
    out.commit();
  }
  CHECK(s.read("r.csv") == "a,b\n");
  // /dev/full fails every write with ENOSPC: sync() says so, before anything else is committed.
  if (fs::exists("/dev/full")) {
    OutputFile full("--roster", "/dev/full", none);
    full.stream() << "a,b\n";
    CHECK_THROWS_WITH_AS(full.sync(), "--roster /dev/full: cannot write: No space left on device", Error);
  }
}
