// [survey] in config: a small questionnaire on the built-in config (without its own [survey]), its
// defaults, each mistake reported at its LINE:COL (counted from the section's first line), and
// the round trip through render_config().
#include "config_test_support.hpp"
#include "epb/config/config.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace epb;
using test::with;

namespace {

constexpr std::string_view k_survey = R"([survey.questionnaires.petition]
name = "陳情滿意度"
name_en = "Petition satisfaction"
services = ["petition"]
items = [
  { code = "attitude", text = "態度", text_en = "Attitude" },
  { code = "speed", text = "速度", text_en = "Speed" },
]
)";

const test::ConfigSection& section() {
  static const test::ConfigSection section("[survey.");
  return section;
}
const std::string& base() { return section().base(); }
std::vector<std::string> issues(std::string_view survey) { return section().issues(survey); }

std::vector<std::string> one(std::string issue) { return {std::move(issue)}; }

Config parsed(std::string_view text, std::string_view source = "t.toml") {
  auto config = parse_config(text, source);
  REQUIRE_MESSAGE(config, (config ? std::string() : config.error().front().text()));
  return *config;
}

const Questionnaire& only(const Config& config) {
  REQUIRE(config.survey.questionnaires.size() == 1);
  return config.survey.questionnaires.front();
}

} // namespace

TEST_CASE("config survey: a questionnaire gets the defaults of DOMAIN.md section 8") {
  REQUIRE(issues(k_survey).empty());
  const Config config = parsed(base() + std::string(k_survey));
  const Questionnaire& q = only(config);
  CHECK(q.code == "petition");
  CHECK(q.name_zh == "陳情滿意度");
  CHECK(q.name_en == "Petition satisfaction");
  CHECK(q.services == std::vector<std::string>{"petition"});
  CHECK(q.states.empty()); // every final state
  REQUIRE(q.items.size() == 2);
  CHECK(q.items[1] == SurveyItem{"speed", "速度", "Speed"});
  CHECK_FALSE(q.free_text);
  REQUIRE(q.scale.size() == 5);
  CHECK(q.scale.front() == ScalePoint{5, "非常滿意", "Very satisfied"});
  CHECK(q.scale[2] == ScalePoint{3, "普通", "Neutral"});
  CHECK(q.scale.back() == ScalePoint{1, "非常不滿意", "Very dissatisfied"});
  CHECK(q.satisfied == std::vector<int>{4, 5});
  CHECK(q.follow_up_at_or_below == 3);
  CHECK(q.follow_up_service == "survey_follow_up");
  CHECK(q.max_attempts == 3);
  CHECK_FALSE(q.required_rate);
  CHECK(q.exclude_surveyed_within_days == 0);

  CHECK(q.scale_min() == 1);
  CHECK(q.scale_max() == 5);
  CHECK(q.counts_satisfied(5));
  CHECK(q.counts_satisfied(4));
  CHECK_FALSE(q.counts_satisfied(3));
  CHECK(q.item("speed")->text_en == "Speed");
  CHECK(q.item("comment") == nullptr);
  CHECK(config.survey.find("petition") == &q);
  CHECK(config.survey.find("complaint") == nullptr);
  CHECK(config.survey.for_service("petition") == &q);
  CHECK(config.survey.for_service("complaint") == nullptr);
}

TEST_CASE("config survey: every key as written") {
  const std::string text = std::string(k_survey) + R"(states = ["closed"]
free_text = { text = "其他意見", text_en = "Comments" }
scale = [
  { value = 1, label = "不滿意", label_en = "Dissatisfied" },
  { value = 3, label = "滿意", label_en = "Satisfied" },
  { value = 2, label = "普通", label_en = "Neutral" },
]
satisfied = [3]
follow_up = { at_or_below = 1, service = "petition" }
max_attempts = 5
required_rate = "12.5%"
exclude_surveyed_within = "90d"
)";
  REQUIRE(issues(text).empty());
  const Config config = parsed(base() + text);
  const Questionnaire& q = only(config);
  CHECK(q.states == std::vector<std::string>{"closed"});
  CHECK(q.free_text == SurveyItem{"comment", "其他意見", "Comments"});
  // Highest first, whatever the file's order.
  REQUIRE(q.scale.size() == 3);
  CHECK(q.scale[0].value == 3);
  CHECK(q.scale[1].label_en == "Neutral");
  CHECK(q.scale[2].value == 1);
  CHECK(q.scale_min() == 1);
  CHECK(q.scale_max() == 3);
  CHECK(q.satisfied == std::vector<int>{3});
  CHECK_FALSE(q.counts_satisfied(2));
  CHECK(q.follow_up_at_or_below == 1);
  CHECK(q.follow_up_service == "petition");
  CHECK(q.max_attempts == 5);
  CHECK(q.required_rate == SurveyRate{1, 8});
  CHECK(q.exclude_surveyed_within_days == 90);
}

TEST_CASE("config survey: rates as fractions or percentages, reduced") {
  const auto rate = [](std::string_view written) {
    const Config config = parsed(base() + std::string(k_survey) + "required_rate = \"" + std::string(written) + "\"\n");
    return only(config).required_rate.value();
  };
  CHECK(rate("1/10") == SurveyRate{1, 10});
  CHECK(rate("2/20") == SurveyRate{1, 10});
  CHECK(rate("10%") == SurveyRate{1, 10});
  CHECK(rate("12.5%") == SurveyRate{1, 8});
  CHECK(rate("100%") == SurveyRate{1, 1});
  CHECK(rate("1/1") == SurveyRate{1, 1});
  CHECK(rate("0.25%") == SurveyRate{1, 400});
}

TEST_CASE("config survey: small scales get a default that fits") {
  // Three points: the top one is satisfied; the default threshold 3 is the top box, refused.
  const std::string three = std::string(k_survey) + R"(scale = [
  { value = 3, label = "滿意", label_en = "Satisfied" },
  { value = 2, label = "普通", label_en = "Neutral" },
  { value = 1, label = "不滿意", label_en = "Dissatisfied" },
]
)";
  CHECK(
      issues(three) ==
      one("1:1: the default follow_up.at_or_below 3 in questionnaire 'petition' is not from 1 to 2 on this scale: set "
          "follow_up = { at_or_below = N }"));
  const Config config = parsed(base() + three + "follow_up = { at_or_below = 2 }\n");
  CHECK(only(config).satisfied == std::vector<int>{3});
  CHECK(only(config).follow_up_at_or_below == 2);
  CHECK(only(config).follow_up_service == "survey_follow_up");
}

TEST_CASE("config survey: the built-in questionnaires cover every surveyed service") {
  const Config config = parsed(builtin_config_text(), "built-in");
  const SurveySettings& survey = config.survey;
  CHECK(survey.questionnaires.size() == 4);
  for (const Service& service : config.services)
    if (service.surveyed) CHECK_MESSAGE(survey.for_service(service.code), service.code);
  const Questionnaire* subsidy = survey.find("subsidy");
  REQUIRE(subsidy);
  CHECK(subsidy->services == std::vector<std::string>{"subsidy"});
  CHECK(subsidy->states == std::vector<std::string>{"paid"});
  CHECK(subsidy->required_rate == SurveyRate{1, 10});
  CHECK(subsidy->items.size() == 4);
  const Questionnaire* complaint = survey.find("complaint");
  REQUIRE(complaint);
  CHECK(complaint->items.size() == 7); // the EPA complaint-handling survey's items
  CHECK(complaint->item("arrival"));
  CHECK(survey.for_service("water_test") == survey.find("water_test"));
  CHECK(survey.for_service("petition") == survey.find("petition"));

  // The second reply: 3 working days, 10 at most with the one extension.
  const Service* follow_up = config.service("survey_follow_up");
  REQUIRE(follow_up);
  CHECK(follow_up->prefix == "SFU");
  CHECK(follow_up->kind == "case");
  CHECK(follow_up->unit == "planning");
  CHECK(follow_up->deadline.text() == "3 workdays");
  CHECK(follow_up->extension.max_times == 1);
  CHECK(follow_up->extension.max_days == 7);
  CHECK_FALSE(follow_up->surveyed);
  CHECK(follow_up->state("closed")->final);
  for (const Questionnaire& q : survey.questionnaires) {
    CHECK(q.follow_up_service == "survey_follow_up");
    CHECK(q.satisfied == std::vector<int>{4, 5});
    CHECK(q.free_text);
  }
}

TEST_CASE("config survey: render then parse gives the same questionnaires") {
  const Config builtin = parsed(builtin_config_text(), "built-in");
  const std::string rendered = render_config(builtin);
  CHECK(parsed(rendered, "built-in") == builtin);
  CHECK(rendered.find("\n[survey.questionnaires.subsidy]\nname = \"機車汰舊及電動二輪車補助滿意度調查\"\n") !=
        std::string::npos);
  CHECK(rendered.find("\nrequired_rate = \"1/10\"\n") != std::string::npos);
  CHECK(rendered.find("\nsatisfied = [4, 5]\nfollow_up = { at_or_below = 3, service = \"survey_follow_up\" }\n"
                      "max_attempts = 3\n") != std::string::npos);
  CHECK(rendered.find("  { value = 5, label = \"非常滿意\", label_en = \"Very satisfied\" },\n") != std::string::npos);

  // Every key away from its default, and text that needs escaping.
  Config changed = builtin;
  Questionnaire& q = changed.survey.questionnaires.front();
  q.states.clear();
  q.free_text.reset();
  q.items.front().text_en = "quote \" backslash \\";
  q.scale = {{10, "十", "Ten"}, {0, "零", "Zero"}};
  q.satisfied = {10};
  q.follow_up_at_or_below = 0;
  q.max_attempts = 20;
  q.required_rate = SurveyRate{3, 7};
  q.exclude_surveyed_within_days = 90;
  CHECK(parsed(render_config(changed), "built-in") == changed);
  q.required_rate.reset();
  q.exclude_surveyed_within_days = 0;
  CHECK(parsed(render_config(changed), "built-in") == changed);
}

TEST_CASE("config survey: services must exist, be surveyed, and be in one questionnaire") {
  CHECK(issues(with(k_survey, R"(services = ["petition"])", R"(services = ["petiton"])")) ==
        one("4:13: unknown service 'petiton' in questionnaire 'petition' (did you mean 'petition'?)"));
  CHECK(issues(with(k_survey, R"(services = ["petition"])", R"(services = ["whistleblower"])")) ==
        one("4:13: service 'whistleblower' in questionnaire 'petition' is not surveyed: set surveyed = true in "
            "[services.whistleblower]"));
  CHECK(issues(with(k_survey, R"(services = ["petition"])", R"(services = ["petition", "petition"])")) ==
        one("4:25: service 'petition' is named twice in questionnaire 'petition'"));
  CHECK(issues(with(k_survey, R"(services = ["petition"])", R"(services = [])")) ==
        one("4:12: 'services' in questionnaire 'petition' must name at least one service"));
  CHECK(issues(with(k_survey, "services = [\"petition\"]\n", "")) ==
        one("1:1: missing key 'services' in questionnaire 'petition'"));
  CHECK(issues(with(k_survey, R"(services = ["petition"])", R"(services = "petition")")) ==
        one("4:12: 'services' must be an array of strings, not a string"));
  const std::string second = with(k_survey, "[survey.questionnaires.petition]", "[survey.questionnaires.again]");
  CHECK(issues(std::string(k_survey) + second) ==
        one("12:13: service 'petition' of questionnaire 'again' is already surveyed by questionnaire 'petition'"));
}

TEST_CASE("config survey: states must be final states of the services") {
  CHECK(issues(std::string(k_survey) + "states = [\"closd\"]\n") ==
        one("9:11: unknown state 'closd' in questionnaire 'petition': not a state of petition (did you mean "
            "'closed'?)"));
  CHECK(issues(std::string(k_survey) + "states = [\"replied\"]\n") ==
        one("9:11: state 'replied' in questionnaire 'petition' is not final: only closed cases are surveyed (final "
            "states: closed)"));
  CHECK(issues(std::string(k_survey) + "states = [\"closed\", \"closed\"]\n") ==
        one("9:21: state 'closed' is named twice in questionnaire 'petition'"));
}

TEST_CASE("config survey: items") {
  CHECK(issues(with(k_survey, R"(code = "speed")", R"(code = "Speed")")) ==
        one("7:12: item code 'Speed' in questionnaire 'petition' must match [a-z][a-z0-9_]*"));
  CHECK(issues(with(k_survey, R"(code = "speed")", R"(code = "re-ply")")) ==
        one("7:12: item code 're-ply' in questionnaire 'petition' must match [a-z][a-z0-9_]*"));
  CHECK(issues(with(k_survey, R"(code = "speed")", R"(code = "attitude")")) ==
        one("7:12: item code 'attitude' is used twice in questionnaire 'petition'"));
  CHECK(issues(with(k_survey, R"(code = "speed")", R"(code = "comment")")) ==
        one("7:12: item code 'comment' in questionnaire 'petition' is a fixed column of the answers file (reserved: "
            "ref, outcome, attempt, called_at, answers, comment)"));
  CHECK(issues(with(k_survey, R"(, text_en = "Speed")", "")) ==
        one("7:3: missing key 'text_en' in an item of questionnaire 'petition'"));
  CHECK(issues(with(k_survey, R"(text_en = "Speed")", R"(text_en = "Speed", txt = "x")")) ==
        one("7:53: unknown key 'txt' in an item of questionnaire 'petition' (did you mean 'text'?)"));
  CHECK(issues(with(k_survey, R"(  { code = "speed", text = "速度", text_en = "Speed" },)", R"(  "speed",)")) ==
        one("7:3: each entry of 'items' in questionnaire 'petition' must be a table, not a string"));
  CHECK(issues(with(k_survey,
                    R"(  { code = "attitude", text = "態度", text_en = "Attitude" },
  { code = "speed", text = "速度", text_en = "Speed" },
)",
                    "")) == one("5:9: 'items' in questionnaire 'petition' must have at least one item"));
  const std::string no_items = with(k_survey, R"(items = [
  { code = "attitude", text = "態度", text_en = "Attitude" },
  { code = "speed", text = "速度", text_en = "Speed" },
]
)",
                                    "");
  CHECK(issues(no_items) == one("1:1: missing key 'items' in questionnaire 'petition'"));
  // An item's text is one line, like every configured string.
  CHECK(issues(with(k_survey, R"(text_en = "Speed")", R"(text_en = "Sp\u001beed")")) ==
        one("7:44: 'text_en': control character U+001B not allowed"));
}

TEST_CASE("config survey: the free text, the scale and what counts as satisfied") {
  CHECK(issues(std::string(k_survey) + "free_text = { text = \"意見\" }\n") ==
        one("9:13: missing key 'text_en' in the free_text of questionnaire 'petition'"));
  CHECK(issues(std::string(k_survey) + "free_text = \"意見\"\n") ==
        one("9:13: 'free_text' must be a table, not a string"));
  const std::string scale = std::string(k_survey) + R"(scale = [
  { value = 2, label = "好", label_en = "Good" },
  { value = 1, label = "不好", label_en = "Bad" },
]
follow_up = { at_or_below = 1 }
)";
  REQUIRE(issues(scale).empty());
  CHECK(issues(with(scale, "value = 1,", "value = 2,")) ==
        one("11:13: scale value 2 is given twice in questionnaire 'petition'"));
  CHECK(issues(with(scale, "value = 1,", "value = 101,")) == one("11:13: 'value' must be from 0 to 100, not 101"));
  CHECK(issues(with(scale, R"(, label_en = "Bad")", "")) ==
        one("11:3: missing key 'label_en' in the scale of questionnaire 'petition'"));
  CHECK(issues(with(scale, R"(value = 1, )", "")) ==
        one("11:3: missing key 'value' in the scale of questionnaire 'petition'"));
  CHECK(issues(with(scale, R"(  { value = 1, label = "不好", label_en = "Bad" },
)",
                    "")) == one("9:9: the scale in questionnaire 'petition' must have at least two points"));
  CHECK(issues(std::string(k_survey) + "satisfied = [4, 6]\n") ==
        one("9:17: satisfied value 6 in questionnaire 'petition' is not on the scale"));
  CHECK(issues(std::string(k_survey) + "satisfied = [4, 4]\n") ==
        one("9:17: satisfied value 4 is given twice in questionnaire 'petition'"));
  CHECK(issues(std::string(k_survey) + "satisfied = []\n") ==
        one("9:13: 'satisfied' in questionnaire 'petition' must name at least one scale value"));
  CHECK(issues(std::string(k_survey) + "satisfied = [1, 2, 3, 4, 5]\n") ==
        one("9:13: 'satisfied' in questionnaire 'petition' names every value of the scale: nobody could be "
            "dissatisfied"));
  CHECK(issues(std::string(k_survey) + "satisfied = 4\n") ==
        one("9:13: 'satisfied' in questionnaire 'petition' must be an array of scale values, not an integer"));
  CHECK(issues(std::string(k_survey) + "satisfied = [\"4\"]\n") ==
        one("9:14: each entry of 'satisfied' in questionnaire 'petition' must be an integer, not a string"));
}

TEST_CASE("config survey: the follow-up") {
  CHECK(issues(std::string(k_survey) + "follow_up = { at_or_below = 5 }\n") ==
        one("9:29: 'at_or_below' must be from 1 to 4, not 5"));
  CHECK(issues(std::string(k_survey) + "follow_up = { service = \"survey_folow_up\" }\n") ==
        one("9:25: unknown follow-up service 'survey_folow_up' in questionnaire 'petition' (did you mean "
            "'survey_follow_up'?)"));
  CHECK(issues(std::string(k_survey) + "follow_up = { service = \"subsidy\" }\n") ==
        one("9:25: the follow-up service 'subsidy' in questionnaire 'petition' is of kind 'subsidy': a second reply is "
            "a plain case (kind \"case\")"));
  CHECK(issues(std::string(k_survey) + "follow_up = { below = 3 }\n") ==
        one("9:15: unknown key 'below' in the follow_up of questionnaire 'petition'"));
  // Without the survey_follow_up service, the default has nowhere to go.
  const std::string all(builtin_config_text());
  const auto from = all.find("\n[services.survey_follow_up]\n");
  const auto to = all.find("\n# ----", from);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  std::string without = all.substr(0, from + 1) + all.substr(to + 1);
  without = without.substr(0, without.find("\n[survey.") + 1);
  const auto lines = static_cast<int>(std::count(without.begin(), without.end(), '\n'));
  const auto found = parse_config(without + std::string(k_survey), "t.toml");
  REQUIRE_FALSE(found);
  REQUIRE(found.error().size() == 1);
  CHECK(found.error()[0].line == lines + 1);
  CHECK(found.error()[0].message == "no service 'survey_follow_up' for the follow-ups in questionnaire 'petition': "
                                    "define it, or name one with follow_up = { service = \"...\" }");
}

TEST_CASE("config survey: attempts, rate, exclusion and unknown keys") {
  CHECK(issues(std::string(k_survey) + "max_attempts = 0\n") ==
        one("9:16: 'max_attempts' must be from 1 to 20, not 0"));
  CHECK(issues(std::string(k_survey) + "max_attempts = 21\n") ==
        one("9:16: 'max_attempts' must be from 1 to 20, not 21"));
  const auto rate = [](std::string_view written) {
    return issues(std::string(k_survey) + "required_rate = \"" + std::string(written) + "\"\n");
  };
  // The syntax of `epb survey sample --rate` (parse_survey_rate), its reasons as they are.
  const std::string bad = "9:17: bad required_rate in questionnaire 'petition': ";
  CHECK(rate("0/10") == one(bad + "'0/10' is 0: a rate must be more than 0 and at most 1"));
  CHECK(rate("0%") == one(bad + "'0%' is 0: a rate must be more than 0 and at most 1"));
  CHECK(rate("11/10") == one(bad + "'11/10' is more than 1: a rate must be more than 0 and at most 1"));
  CHECK(rate("120%") == one(bad + "'120%' is more than 1: a rate must be more than 0 and at most 1"));
  CHECK(rate("1/0") == one(bad + "'1/0' divides by 0"));
  CHECK(rate("-1/10") == one(bad + "'-1/10' is negative: a rate must be more than 0 and at most 1"));
  for (const char* shape : {"0.1", "1 / 10", "12.%", "one in ten"})
    CHECK(rate(shape) ==
          one(bad + "'" + shape + "': expected a fraction such as 1/10 or a percentage such as 10% or 12.5%"));
  CHECK(issues(std::string(k_survey) + "required_rate = 10\n") ==
        one("9:17: 'required_rate' must be a string, not an integer"));

  CHECK(issues(std::string(k_survey) + "exclude_surveyed_within = \"12h\"\n") ==
        one("9:27: exclude_surveyed_within '12h' in questionnaire 'petition' must be whole days, e.g. \"90d\""));
  CHECK(issues(std::string(k_survey) + "exclude_surveyed_within = \"90\"\n")
            .at(0)
            .starts_with("9:27: bad exclude_surveyed_within in questionnaire 'petition': "));
  CHECK(issues(std::string(k_survey) + "exclude_surveyed_within = \"400d\"\n")
            .at(0)
            .starts_with("9:27: bad exclude_surveyed_within in questionnaire 'petition': "));

  CHECK(issues(std::string(k_survey) + "max_attempt = 3\n") ==
        one("9:1: unknown key 'max_attempt' in questionnaire 'petition' (did you mean 'max_attempts'?)"));
  CHECK(issues(with(k_survey, "name_en = \"Petition satisfaction\"\n", "")) ==
        one("1:1: missing key 'name_en' in questionnaire 'petition'"));
  CHECK(issues(with(k_survey, "[survey.questionnaires.petition]", "[survey.questionaires.petition]")) ==
        one("1:9: unknown key 'questionaires' in [survey] (did you mean 'questionnaires'?)"));
  CHECK(issues(with(k_survey, "[survey.questionnaires.petition]", "[survey.questionnaires.Petition]")) ==
        one("1:24: questionnaire code 'Petition' must match [a-z][a-z0-9_-]*"));
  CHECK(issues("[survey]\nquestionnaires = 3\n") == one("2:18: 'questionnaires' must be a table, not an integer"));
  CHECK(issues("[survey.questionnaires]\npetition = 3\n") ==
        one("2:12: questionnaire 'petition' must be a table, not an integer"));
}
