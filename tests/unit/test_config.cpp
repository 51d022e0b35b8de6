#include "config_test_support.hpp"
#include "epb/config/config.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace {

using epb::test::issues;
using epb::test::with;

using namespace epb;
namespace fs = std::filesystem;

// The smallest valid config; tests break it one line at a time. Line numbers matter below.
constexpr std::string_view k_minimal = R"([units.planning]
name = "綜計科"
name_en = "Comprehensive Planning Division"

[services.petition]
prefix = "PET"
name = "人民陳情"
name_en = "Petition"
unit = "planning"
deadline = "3 workdays"
initial = "received"

[services.petition.states.received]
name = "收件"
name_en = "Received"
next = ["closed"]

[services.petition.states.closed]
name = "結案"
name_en = "Closed"
final = true
)";

Config parsed(std::string_view text, std::string_view source = "t.toml") {
  auto config = parse_config(text, source);
  if (!config)
    for (const auto& issue : config.error())
      FAIL_CHECK(issue.text());
  REQUIRE(config.has_value());
  return std::move(*config);
}

std::vector<std::string> codes(const auto& items) {
  std::vector<std::string> out;
  for (const auto& item : items)
    out.push_back(item.code);
  return out;
}

// Sets or unsets an environment variable for one test and restores it afterwards.
class EnvOverride {
public:
  EnvOverride(const char* name, std::optional<std::string> value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    if (value)
      setenv(name, value->c_str(), 1);
    else
      unsetenv(name);
  }
  ~EnvOverride() {
    if (m_old)
      setenv(m_name, m_old->c_str(), 1);
    else
      unsetenv(m_name);
  }
  EnvOverride(const EnvOverride&) = delete;
  EnvOverride& operator=(const EnvOverride&) = delete;

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "epb-config-test-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return m_path; }
  std::string write(const fs::path& relative, std::string_view text) const {
    const fs::path file = m_path / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file.string();
  }

private:
  fs::path m_path;
};

} // namespace

TEST_CASE("config: the built-in config parses cleanly") {
  const Config config = parsed(builtin_config_text(), "built-in");
  CHECK(config.source == "built-in");
  CHECK(codes(config.units) == std::vector<std::string>{"planning", "inspection", "air-noise", "waste", "soil-water",
                                                        "testing", "sanitation", "secretariat"});
  CHECK(codes(config.channels) ==
        std::vector<std::string>{"phone", "hotline", "fax", "mail", "web", "app", "in_person", "dealer"});
  CHECK(codes(config.services) == std::vector<std::string>{"petition", "complaint", "whistleblower",
                                                           "factory_registration", "water_test", "recycling_station",
                                                           "subsidy", "construction_fee", "survey_follow_up"});
  for (const Service& service : config.services) {
    INFO(service.code);
    // A subsidy ends paid, rejected or withdrawn, a fee declaration approved (核定) or
    // rejected: they have no plain 'closed'.
    const State* closed = service.state(service.code == "subsidy"            ? "paid"
                                        : service.code == "construction_fee" ? "approved"
                                                                             : "closed");
    REQUIRE(closed != nullptr);
    CHECK(closed->final);
    CHECK(service.state(service.initial_state) != nullptr);
    CHECK(config.unit(service.unit) != nullptr);
  }
}

TEST_CASE("config: lookups in the built-in config") {
  const Config config = parsed(builtin_config_text(), "built-in");
  const Service* petition = config.service("petition");
  REQUIRE(petition != nullptr);
  CHECK(petition->prefix == "PET");
  CHECK(petition->unit == "planning");
  CHECK(petition->deadline == DeadlineRule{DeadlineRule::Unit::workdays, 3});
  CHECK(petition->surveyed);
  CHECK(petition->extension == ExtensionPolicy{1, 10, true});
  CHECK(codes(petition->states) ==
        std::vector<std::string>{"received", "assigned", "processing", "waiting_docs", "replied", "closed"});
  CHECK(petition->state("waiting_docs")->pauses_clock);
  CHECK(petition->state("received")->next == std::vector<std::string>{"assigned", "closed"});
  CHECK(petition->state("nope") == nullptr);

  const Service* complaint = config.service_by_prefix("CMP");
  REQUIRE(complaint != nullptr);
  CHECK(complaint->code == "complaint");
  CHECK(complaint->deadline == DeadlineRule{DeadlineRule::Unit::days, 7});
  CHECK(complaint->anonymous_allowed);
  CHECK(complaint->track_repeats);
  CHECK(complaint->extension == ExtensionPolicy{});

  const Service* subsidy = config.service("subsidy");
  REQUIRE(subsidy != nullptr);
  CHECK(subsidy->id_required);
  CHECK(subsidy->extension.max_days == 15);

  const Unit* unit = config.unit("air-noise");
  REQUIRE(unit != nullptr);
  CHECK(unit->name_zh == "空噪科");
  CHECK(unit->head.email == "air-noise-head@ksepb.gov.tw");
  CHECK(config.unit("secretariat")->head.title == "主任");
  REQUIRE(config.channel("hotline") != nullptr);
  CHECK(config.channel("hotline")->name_en == "Hotline 0800-066-666");

  CHECK(config.unit("nope") == nullptr);
  CHECK(config.channel("nope") == nullptr);
  CHECK(config.service("nope") == nullptr);
  CHECK(config.service_by_prefix("NOPE") == nullptr);
}

TEST_CASE("config: the minimal config parses with defaults") {
  const Config config = parsed(k_minimal);
  CHECK(config.source == "t.toml");
  CHECK(config.channels.empty());
  const Service& petition = config.services.at(0);
  CHECK_FALSE(petition.id_required);
  CHECK_FALSE(petition.anonymous_allowed);
  CHECK_FALSE(petition.surveyed);
  CHECK_FALSE(petition.track_repeats);
  CHECK(petition.kind == "case");
  CHECK(petition.extension == ExtensionPolicy{0, 0, true});
  CHECK(config.units.at(0).head == Contact{});
}

TEST_CASE("config: a service's kind is one of the known kinds") {
  for (const char* kind : {"case", "subsidy", "fee"})
    CHECK(parsed(with(k_minimal, "prefix = \"PET\"", std::string("prefix = \"PET\"\nkind = \"") + kind + "\""))
              .services.at(0)
              .kind == kind);
  CHECK(issues(with(k_minimal, "prefix = \"PET\"", "prefix = \"PET\"\nkind = \"subsdy\"")) ==
        std::vector<std::string>{"t.toml:7:8: unknown kind 'subsdy' of service 'petition' (known: case, subsidy, fee) "
                                 "(did you mean 'subsidy'?)"});
  CHECK(issues(with(k_minimal, "prefix = \"PET\"", "prefix = \"PET\"\nkind = \"grant\"")) ==
        std::vector<std::string>{"t.toml:7:8: unknown kind 'grant' of service 'petition' (known: case, subsidy, fee)"});
  CHECK(issues(with(k_minimal, "prefix = \"PET\"", "prefix = \"PET\"\nkind = 1")) ==
        std::vector<std::string>{"t.toml:7:8: 'kind' must be a string, not an integer"});
}

TEST_CASE("config: a misspelt key is reported once, where it is, with a suggestion") {
  CHECK(
      issues(with(k_minimal, "deadline =", "deadlne =")) ==
      std::vector<std::string>{"t.toml:10:1: unknown key 'deadlne' in service 'petition' (did you mean 'deadline'?)"});
  CHECK(issues(with(k_minimal, "final = true", "fnial = true")) ==
        std::vector<std::string>{
            "t.toml:13:1: service 'petition' has no final state",
            "t.toml:21:1: unknown key 'fnial' in state 'closed' of service 'petition' (did you mean 'final'?)"});
}

TEST_CASE("config: unknown keys far from any known one get no suggestion") {
  CHECK(issues(std::string(k_minimal) + "\n[billing]\nfrom = \"x\"\n") ==
        std::vector<std::string>{"t.toml:23:2: unknown key 'billing' at top level"});
  CHECK(issues(with(k_minimal, "name_en = \"Received\"", "name_en = \"Received\"\ncolour = \"red\"")) ==
        std::vector<std::string>{"t.toml:16:1: unknown key 'colour' in state 'received' of service 'petition'"});
}

TEST_CASE("config: missing required keys are reported at the table") {
  CHECK(issues(with(k_minimal, "prefix = \"PET\"\n", "")) ==
        std::vector<std::string>{"t.toml:5:1: missing key 'prefix' in service 'petition'"});
  CHECK(issues(with(k_minimal, "name = \"綜計科\"\n", "")) ==
        std::vector<std::string>{"t.toml:1:1: missing key 'name' in unit 'planning'"});
  CHECK(issues("[units]\n") == std::vector<std::string>{"t.toml:1:1: missing key 'services' at top level"});
}

TEST_CASE("config: wrong types") {
  CHECK(issues(with(k_minimal, "initial = \"received\"", "initial = \"received\"\nsurveyed = \"yes\"")) ==
        std::vector<std::string>{"t.toml:12:12: 'surveyed' must be a boolean, not a string"});
  CHECK(issues(with(k_minimal, "prefix = \"PET\"", "prefix = 7")) ==
        std::vector<std::string>{"t.toml:6:10: 'prefix' must be a string, not an integer"});
  CHECK(issues(with(k_minimal, "next = [\"closed\"]", "next = [\"closed\", 3]")) ==
        std::vector<std::string>{"t.toml:16:19: each entry of 'next' must be a string, not an integer"});
  CHECK(issues(with(k_minimal, "name = \"人民陳情\"", "name = \"\"")) ==
        std::vector<std::string>{"t.toml:7:8: 'name' must not be empty"});
}

TEST_CASE("config: references to unknown units and states") {
  CHECK(
      issues(with(k_minimal, "unit = \"planning\"", "unit = \"plannin\"")) ==
      std::vector<std::string>{"t.toml:9:8: unknown unit 'plannin' in service 'petition' (did you mean 'planning'?)"});
  CHECK(issues(with(k_minimal, "next = [\"closed\"]", "next = [\"closed\", \"asigned\"]")) ==
        std::vector<std::string>{"t.toml:16:19: state 'received' of service 'petition' moves to undefined state "
                                 "'asigned'"});
  CHECK(issues(with(k_minimal, "next = [\"closed\"]", "next = [\"closd\"]")) ==
        std::vector<std::string>{"t.toml:16:9: state 'received' of service 'petition' moves to undefined state "
                                 "'closd' (did you mean 'closed'?)"});
  CHECK(issues(with(k_minimal, "initial = \"received\"", "initial = \"recieved\"")) ==
        std::vector<std::string>{"t.toml:11:11: initial state 'recieved' of service 'petition' is not defined "
                                 "(did you mean 'received'?)"});
}

TEST_CASE("config: bad deadline rules carry the rule's reason") {
  CHECK(issues(with(k_minimal, "3 workdays", "3 weeks")) ==
        std::vector<std::string>{"t.toml:10:12: bad deadline '3 weeks' in service 'petition': unknown unit 'weeks': "
                                 "expected workdays, days or hours"});
  CHECK(issues(with(k_minimal, "3 workdays", "0 days")) ==
        std::vector<std::string>{"t.toml:10:12: bad deadline '0 days' in service 'petition': the count must be from 1 "
                                 "to 3650"});
}

TEST_CASE("config: SOP consistency checks") {
  SUBCASE("prefix shape") {
    CHECK(
        issues(with(k_minimal, "\"PET\"", "\"pet\"")) ==
        std::vector<std::string>{"t.toml:6:10: prefix 'pet' of service 'petition' must be 2 to 5 capital letters A-Z"});
  }
  SUBCASE("duplicate prefixes") {
    const std::string text = std::string(k_minimal) + R"(
[services.other]
prefix = "PET"
name = "其他"
name_en = "Other"
unit = "planning"
deadline = "1 day"
initial = "done"
states.done = { name = "完成", name_en = "Done", final = true }
)";
    CHECK(issues(text) == std::vector<std::string>{
                              "t.toml:24:10: prefix 'PET' of service 'other' is already used by service 'petition'"});
  }
  SUBCASE("a final state with moves") {
    CHECK(
        issues(with(k_minimal, "final = true", "final = true\nnext = [\"received\"]")) ==
        std::vector<std::string>{"t.toml:22:8: final state 'closed' of service 'petition' cannot have moves ('next')"});
  }
  SUBCASE("no final state") {
    CHECK(issues(with(k_minimal, "final = true", "final = false")) ==
          std::vector<std::string>{"t.toml:13:1: service 'petition' has no final state"});
  }
  SUBCASE("extensions need days") {
    CHECK(issues(with(k_minimal, "initial = \"received\"", "initial = \"received\"\nextension = { max_times = 1 }")) ==
          std::vector<std::string>{"t.toml:12:13: extension of service 'petition' allows 1 extension but 'max_days' is "
                                   "0: it must be at least 1"});
    CHECK(issues(with(k_minimal, "initial = \"received\"",
                      "initial = \"received\"\nextension = { max_times = 2, max_days = 5, notify = true }")) ==
          std::vector<std::string>{"t.toml:12:44: unknown key 'notify' in the extension of service 'petition'"});
    CHECK(issues(with(k_minimal, "initial = \"received\"", "initial = \"received\"\nextension = { max_times = -1 }")) ==
          std::vector<std::string>{"t.toml:12:27: 'max_times' must be from 0 to 100, not -1"});
  }
  SUBCASE("codes") {
    const auto found = issues(with(k_minimal, "[units.planning]",
                                   "[units.Planning]\nname = \"x\"\nname_en = \"x\"\n"
                                   "[units.planning]"));
    CHECK(found == std::vector<std::string>{"t.toml:1:8: unit code 'Planning' must match [a-z][a-z0-9_-]*"});
  }
}

TEST_CASE("config: every problem is reported, in file order") {
  std::string text = with(k_minimal, "name_en = \"Comprehensive Planning Division\"", "name_en = 1");
  text = with(text, "deadline =", "deadlne =");
  text = with(text, "unit = \"planning\"", "unit = \"nowhere\"");
  text = with(text, "next = [\"closed\"]", "next = [\"gone\"]");
  CHECK(issues(text) == std::vector<std::string>{
                            "t.toml:3:11: 'name_en' must be a string, not an integer",
                            "t.toml:9:8: unknown unit 'nowhere' in service 'petition'",
                            "t.toml:10:1: unknown key 'deadlne' in service 'petition' (did you mean 'deadline'?)",
                            "t.toml:16:9: state 'received' of service 'petition' moves to undefined state 'gone'",
                        });
}

TEST_CASE("config: a TOML syntax error is one issue with its position") {
  const auto found = issues(with(k_minimal, "name_en = \"Petition\"", "name_en = \"Petition"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].starts_with("t.toml:8:"));
  CHECK(issues("a = 1\nb = \n").at(0).starts_with("t.toml:2:5: error while parsing"));
}

TEST_CASE("config: issue text") {
  CHECK(ConfigIssue{"epb.toml", 12, 3, "boom"}.text() == "epb.toml:12:3: boom");
  CHECK(ConfigIssue{"epb.toml", 12, 0, "boom"}.text() == "epb.toml:12: boom");
  CHECK(ConfigIssue{"epb.toml", 0, 0, "boom"}.text() == "epb.toml: boom");
}

TEST_CASE("config: render then parse gives the same config") {
  Config config = parsed(builtin_config_text(), "built-in");
  const std::string rendered = render_config(config);
  CHECK(rendered.starts_with("# epb configuration from built-in\n"));
  CHECK(parsed(rendered, "built-in") == config);

  // Text that needs escaping survives too.
  // (Controls such as tab, newline or DEL are refused by the text policy: see test_text_policy.cpp.)
  config.units[0].name_en = "quote \" backslash \\ apostrophe ' braces {}";
  config.units[0].head = Contact{};
  config.channels[0].name_zh = "電話 ☎";
  config.services[1].extension = ExtensionPolicy{3, 7, false};
  config.services[2].kind = "subsidy";
  CHECK(parsed(render_config(config), "built-in") == config);
  CHECK(render_config(config).find("kind = \"subsidy\"\n") != std::string::npos);
  CHECK(render_config(config).find("[units.planning]\nname = \"綜計科\"\nname_en = \"quote \\\" backslash") !=
        std::string::npos);
}

TEST_CASE("config: locate_config search order") {
  TempDir dir;
  const EnvOverride no_xdg("XDG_CONFIG_HOME", std::nullopt);
  const EnvOverride home("HOME", (dir.path() / "home").string());

  const auto explicit_location = locate_config("/some/where.toml", "EPB_CONFIG");
  CHECK(explicit_location.path == "/some/where.toml");
  CHECK(explicit_location.why == "EPB_CONFIG");

  if (!fs::exists("/etc/epb/epb.toml")) {
    const auto builtin = locate_config("", "--config");
    CHECK(builtin.path.empty());
    CHECK(builtin.why == "built-in default");
  }

  const std::string in_home = dir.write("home/.config/epb/epb.toml", k_minimal);
  CHECK(locate_config("", "--config").path == in_home);
  CHECK(locate_config("", "--config").why == "$HOME/.config");

  // $XDG_CONFIG_HOME replaces ~/.config; it is not searched as well.
  const EnvOverride xdg("XDG_CONFIG_HOME", (dir.path() / "xdg").string());
  const std::string in_xdg = dir.write("xdg/epb/epb.toml", k_minimal);
  CHECK(locate_config("", "--config").path == in_xdg);
  CHECK(locate_config("", "--config").why == "$XDG_CONFIG_HOME");
  CHECK(locate_config("/explicit.toml", "--config").path == "/explicit.toml");
}

TEST_CASE("config: load_config") {
  TempDir dir;
  SUBCASE("built-in") {
    const Config config = load_config(ConfigLocation{"", "built-in default"});
    CHECK(config.source == "built-in");
    CHECK(config.services.size() == 9);
  }
  SUBCASE("a file") {
    const std::string path = dir.write("epb.toml", k_minimal);
    const Config config = load_config(ConfigLocation{path, "--config"});
    CHECK(config.source == path);
    CHECK(config.service("petition") != nullptr);
  }
  SUBCASE("no such file") {
    const std::string path = (dir.path() / "missing.toml").string();
    try {
      load_config(ConfigLocation{path, "--config"});
      FAIL("no exception");
    } catch (const ProblemError& error) {
      CHECK(error.problem().fault == Fault::invalid);
      CHECK(error.problem().what == "config " + path);
      CHECK(error.problem().why == "no such file");
    }
  }
  SUBCASE("every issue, one per line") {
    std::string text = with(k_minimal, "deadline =", "deadlne =");
    text = with(text, "unit = \"planning\"", "unit = \"nowhere\"");
    const std::string path = dir.write("bad.toml", text);
    try {
      load_config(ConfigLocation{path, "--config"});
      FAIL("no exception");
    } catch (const ProblemError& error) {
      CHECK(error.problem().fault == Fault::invalid);
      CHECK(error.problem().what.empty());
      CHECK(error.problem().why == path + ":9:8: unknown unit 'nowhere' in service 'petition'\n" + path +
                                       ":10:1: unknown key 'deadlne' in service 'petition' (did you mean 'deadline'?)");
    }
  }
}

TEST_CASE("config: a service whose cases can never close") {
  SUBCASE("no final state reachable from the initial one") {
    // received → waiting ⇄ processing, closed only reachable from nowhere.
    const std::string text = with(k_minimal, "next = [\"closed\"]\n",
                                  "next = [\"waiting\"]\n\n[services.petition.states.waiting]\nname = \"待補\"\n"
                                  "name_en = \"Waiting\"\nnext = [\"received\"]\n");
    CHECK(issues(text) == std::vector<std::string>{"t.toml:11:11: service 'petition' can never close: no final state "
                                                   "can be reached from its initial state 'received'"});
  }
  SUBCASE("a state reachable from the initial one that is a dead end") {
    const std::string text =
        with(k_minimal, "next = [\"closed\"]\n",
             "next = [\"closed\", \"stuck\"]\n\n[services.petition.states.stuck]\nname = \"卡住\"\n"
             "name_en = \"Stuck\"\n");
    CHECK(issues(text) == std::vector<std::string>{"t.toml:18:1: service 'petition': a case in state 'stuck' can "
                                                   "never close (no final state can be reached from it)"});
  }
}

TEST_CASE("config: unit heads' contacts are checked") {
  const std::string head = "name_en = \"Comprehensive Planning Division\"\n";
  CHECK(issues(with(k_minimal, head, head + "head = { name = \"陳\", email = \"planning-head@\" }\n")) ==
        std::vector<std::string>{"t.toml:4:30: bad email 'planning-head@' in the head of unit 'planning': "
                                 "nothing after the '@'"});
  CHECK(issues(with(k_minimal, head, head + "head = { name = \"陳\", phone = \"12345\" }\n")).size() == 1);
  CHECK(issues(with(k_minimal, head, head + "head = { name = \"陳\", email = \"a@ksepb.gov.tw\" }\n")).empty());
}

TEST_CASE("config: mappings name known fields, each once") {
  const std::string base = std::string(k_minimal) + "\n[mappings.hotline]\n";
  CHECK(issues(base + "\"陳情人\" = \"nmae\"\n") ==
        std::vector<std::string>{"t.toml:24:9: column '陳情人' of mapping 'hotline' maps to unknown field 'nmae' "
                                 "(did you mean 'name'?)"});
  CHECK(
      issues(base + "\"陳情人\" = \"name\"\n\"姓名\" = \"name\"\n") ==
      std::vector<std::string>{"t.toml:25:8: columns '陳情人' and '姓名' of mapping 'hotline' both give field 'name'"});
  CHECK(issues(base + "\"陳情人\" = \"name\"\n\"暫停\" = \"pauses\"\n").empty());
}

TEST_CASE("config: mapping column names meet the text policy") {
  const std::string base = std::string(k_minimal) + "\n[mappings.hotline]\n";
  CHECK(issues(base + "\"\\u001b[2J陳情人\" = \"name\"\n") ==
        std::vector<std::string>{"t.toml:24:1: a column name of mapping 'hotline' ('\\x1b[2J陳情人'): control "
                                 "character U+001B not allowed"});
  CHECK(issues(base + "\"陳\\u2066情人\" = \"name\"\n").size() == 1);
  CHECK(issues(base + "\"陳情人 (姓名)\" = \"name\"\n").empty());
}
