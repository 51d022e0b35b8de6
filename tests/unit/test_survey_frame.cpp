// Ledger tests of a sample's frame: who is eligible (phone, opt-outs, the exclusion window,
// the questionnaire's states, the period's bounds, the services), its order and hash, and the
// stored form that `epb survey verify` compares with.
#include "epb/core/sha256.hpp"

#include "sample_test_support.hpp"
#include <fmt/format.h>

using namespace epb;
using namespace epb::test;

namespace {

const std::vector<std::string> k_closed = {"closed"};

// A stored sample whose members are the given frame rows: the first `chosen` chosen, the rest spares.
std::int64_t store_sample(Ledger& ledger, const Frame& frame, const char* drawn_at, std::size_t chosen) {
  StoredSample s;
  s.definition = petitions();
  s.frame_size = static_cast<std::int64_t>(frame.rows.size());
  s.frame_sha256 = frame.sha256;
  s.frame_blob = encode_frame(frame.rows);
  s.sample_sha256 = "x";
  s.drawn_at = at(drawn_at).at;
  s.actor = "clerk01";
  SampleDraw draw;
  draw.strata.push_back(StratumDraw{"", s.frame_size, static_cast<std::int64_t>(chosen),
                                    static_cast<std::int64_t>(chosen),
                                    static_cast<std::int64_t>(frame.rows.size() - chosen)});
  for (std::size_t i = 0; i < frame.rows.size(); ++i)
    draw.members.push_back(DrawnMember{i, "", i >= chosen, static_cast<int>(i < chosen ? i + 1 : i - chosen + 1)});
  return SampleStore(ledger).insert(s, draw, frame.rows);
}

} // namespace

TEST_CASE("survey frame: closed cases with a phone, of the sample's services, in the period, sorted by ref") {
  SampleLedger l;
  const Case first = l.closed_case("petition", "2024-03-01", "0912345001");
  const Case last = l.closed_case("petition", "2024-03-29", "0912345002");
  l.closed_case("petition", "2024-02-29", "0912345003"); // the day before the period
  l.closed_case("petition", "2024-04-01", "0912345004"); // the day after
  const Case no_phone = l.closed_case("petition", "2024-03-05", "");
  const Case complaint = l.closed_case("complaint", "2024-03-05", "0912345005", "鹽埕區大勇路");
  const Case withdrawn = l.closed_case("petition", "2024-03-05", "0912345006", "前金區中正四路", "withdrawn");
  CHECK(!no_phone.applicant.phone.size());

  const Frame frame = build_frame(*l.ledger, petitions(), k_closed, at("2024-04-10 09:00").at);
  CHECK(refs_of(frame) == std::vector<std::string>{first.ref, last.ref});
  CHECK(frame.rows[0].service == "petition");
  CHECK(frame.rows[0].unit == "planning");
  CHECK(frame.rows[0].district == "前金區");
  CHECK(frame.rows[0].closed.iso() == "2024-03-01");
  CHECK(frame.rows[0].case_id == first.id);
  CHECK(frame.sha256 == sha256_hex(frame_line(frame.rows[0]) + frame_line(frame.rows[1])));
  CHECK(frame.sha256 == frame_sha256(frame.rows));

  // Any closing state when the questionnaire names none; the other service when asked for.
  const Frame any_state = build_frame(*l.ledger, petitions(), {}, at("2024-04-10 09:00").at);
  CHECK(refs_of(any_state) == std::vector<std::string>{first.ref, last.ref, withdrawn.ref});
  SampleDefinition both = petitions();
  both.services = {"complaint", "petition"};
  const Frame mixed = build_frame(*l.ledger, both, k_closed, at("2024-04-10 09:00").at);
  // CMP-... sorts before PET-... (byte order), whatever order the services are read in.
  REQUIRE(mixed.rows.size() == 3);
  CHECK(mixed.rows[0].ref == complaint.ref);
  CHECK(mixed.rows[0].service == "complaint");
  CHECK(mixed.rows[0].unit == "inspection");
  CHECK(mixed.rows[0].district == "鹽埕區");
  CHECK(mixed.rows[1].ref == first.ref);
}

TEST_CASE("survey frame: a reopened case leaves the frame, an empty period gives an empty frame") {
  SampleLedger l;
  const Case c = l.closed_case("petition", "2024-03-04", "0912345001");
  CHECK(build_frame(*l.ledger, petitions(), k_closed, at("2024-04-10 09:00").at).rows.size() == 1);
  REQUIRE(l.desk.reopen(at("2024-04-01 09:00"), c.ref, "不服"));
  CHECK(build_frame(*l.ledger, petitions(), k_closed, at("2024-04-10 09:00").at).rows.empty());
  const Frame none = build_frame(*l.ledger, petitions("2019-01-01", "2019-12-31"), k_closed, at("2024-04-10").at);
  CHECK(none.rows.empty());
  CHECK(none.sha256 == sha256_hex(""));
}

TEST_CASE("survey frame: an opted-out phone is left out from when it was asked for") {
  SampleLedger l;
  const Case kept = l.closed_case("petition", "2024-03-04", "0912345001");
  const Case out = l.closed_case("petition", "2024-03-05", "0912345002");
  const Case same_person = l.closed_case("petition", "2024-03-06", "0912345002");
  l.opt_out(out.applicant.phone, "2024-04-02 10:00");
  // Drawn before the opt-out: everyone (a later verify must see the frame of the draw).
  CHECK(build_frame(*l.ledger, petitions(), k_closed, at("2024-04-01 09:00").at).rows.size() == 3);
  // After it: every case with that phone is out.
  CHECK(refs_of(build_frame(*l.ledger, petitions(), k_closed, at("2024-04-03 09:00").at)) ==
        std::vector<std::string>{kept.ref});
  CHECK(same_person.applicant.phone == out.applicant.phone);
}

TEST_CASE("survey frame: phones called in an earlier sample within the window are left out") {
  SampleLedger l;
  const Case a = l.closed_case("petition", "2024-01-10", "0912345001");
  const Case b = l.closed_case("petition", "2024-01-11", "0912345002");
  const Case c = l.closed_case("petition", "2024-01-12", "0912345003");
  // The earlier sample, drawn 2024-02-01: a chosen, b and c spares.
  SampleDefinition january = petitions("2024-01-01", "2024-01-31");
  const Frame earlier = build_frame(*l.ledger, january, k_closed, at("2024-02-01 09:00").at);
  REQUIRE(earlier.rows.size() == 3);
  const std::int64_t first_id = store_sample(*l.ledger, earlier, "2024-02-01 09:00", 1);

  // March cases of the same people, and one of a new person.
  const Case a2 = l.closed_case("petition", "2024-03-04", "0912345001");
  const Case b2 = l.closed_case("petition", "2024-03-05", "0912345002");
  const Case d = l.closed_case("petition", "2024-03-06", "0912345009");
  SampleDefinition march = petitions();
  march.exclude_days = 90;
  const Instant april = at("2024-04-10 09:00").at;
  // a was called (chosen); b, a spare never promoted, was not.
  CHECK(refs_of(build_frame(*l.ledger, march, k_closed, april)) == std::vector<std::string>{b2.ref, d.ref});
  // Without the window, or with one that ends before the earlier draw: all three.
  march.exclude_days = 0;
  CHECK(build_frame(*l.ledger, march, k_closed, april).rows.size() == 3);
  march.exclude_days = 60; // 2024-02-10 .. 2024-04-10: the draw of 2024-02-01 is outside
  CHECK(build_frame(*l.ledger, march, k_closed, april).rows.size() == 3);
  march.exclude_days = 90;
  // A sample never excludes on account of itself or of later ones: before_sample = its id.
  CHECK(build_frame(*l.ledger, march, k_closed, april, first_id).rows.size() == 3);
  // Nor on account of a sample drawn after it.
  CHECK(build_frame(*l.ledger, march, k_closed, at("2024-01-31 09:00").at).rows.size() == 3);

  // b promoted (took the place of an unreachable member) on 2024-03-01: called from then on.
  auto& promote = l.ledger->db().prepare(
      "UPDATE survey_member SET called = 1, promoted_at = :at WHERE case_id = :case_id AND sample_id = :sample_id");
  promote.bind(":at", at("2024-03-01 09:00").at.unix_seconds()).bind(":case_id", b.id).bind(":sample_id", first_id);
  promote.run();
  CHECK(refs_of(build_frame(*l.ledger, march, k_closed, april)) == std::vector<std::string>{d.ref});
  // A frame as of 2024-02-20, before the promotion, still has b's phone (the ledger as it is
  // now: cases closed since are in it, which verify reports as added).
  SampleDefinition both_months = petitions("2024-01-01", "2024-03-31");
  both_months.exclude_days = 90;
  CHECK(refs_of(build_frame(*l.ledger, both_months, k_closed, at("2024-02-20 09:00").at)) ==
        std::vector<std::string>{b.ref, c.ref, b2.ref, d.ref});
  CHECK(a2.applicant.phone == a.applicant.phone);
}

TEST_CASE("survey frame: the stored form round-trips case ids and row digests") {
  SampleLedger l;
  std::vector<Case> cases;
  for (int day = 1; day <= 9; ++day)
    cases.push_back(l.closed_case("petition", fmt::format("2024-03-{:02}", day + 3), "0912345001"));
  Frame frame = build_frame(*l.ledger, petitions(), k_closed, at("2024-04-10 09:00").at);
  // Out of id order on purpose: ids go down as well as up (zigzag deltas), and a large one.
  std::swap(frame.rows[2], frame.rows[7]);
  frame.rows[4].case_id = 5'000'000'000;
  const std::string blob = encode_frame(frame.rows);
  CHECK(blob[0] == '\x01');
  const std::vector<StoredFrameRow> back = decode_frame(blob);
  REQUIRE(back.size() == frame.rows.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    CHECK(back[i].case_id == frame.rows[i].case_id);
    CHECK(back[i].digest == frame_digest(frame.rows[i]));
  }
  // The digest sees every field of the frame line.
  FrameRow changed = frame.rows[0];
  changed.district = "鹽埕區";
  CHECK(frame_digest(changed) != frame_digest(frame.rows[0]));
  // An empty frame is the version byte alone.
  CHECK(encode_frame({}) == std::string("\x01"));
  CHECK(decode_frame(std::string("\x01")).empty());
}

TEST_CASE("survey frame: a damaged stored form is refused, not misread") {
  SampleLedger l;
  l.closed_case("petition", "2024-03-04", "0912345001");
  l.closed_case("petition", "2024-03-05", "0912345002");
  const std::string blob = encode_frame(build_frame(*l.ledger, petitions(), k_closed, at("2024-04-10").at).rows);
  const auto refused = [](const std::string& bytes) {
    try {
      decode_frame(bytes);
    } catch (const ProblemError& e) {
      return e.problem().message();
    }
    return std::string("accepted");
  };
  CHECK(refused("") == "stored frame: damaged (empty); the ledger was edited");
  CHECK(refused("\x02" + blob.substr(1)) == "stored frame: damaged (version 2 unknown); the ledger was edited");
  CHECK(refused(blob.substr(0, blob.size() - 1)) == "stored frame: damaged (row 2 cut short); the ledger was edited");
  CHECK(refused(blob + "\x80") == "stored frame: damaged (row 3 cut short); the ledger was edited");
  CHECK(refused(std::string("\x01") + std::string(11, '\xff')) ==
        "stored frame: damaged (row 1: case id too long); the ledger was edited");
  // A delta that takes the id to 0 or below.
  CHECK(refused(std::string("\x01\x01\0\0\0\0", 6)) ==
        "stored frame: damaged (row 1: case id -1); the ledger was edited");
}

TEST_CASE("survey frame: a frame of two services is the two sorted together") {
  SampleLedger l;
  // Each service is read from the index in ref order; the complaints and petitions together
  // are sorted by ref afterwards (CMP- before PET-).
  const Case a = l.closed_case("petition", "2024-03-04", "0912345001");
  std::vector<Case> complaints;
  for (int i = 0; i < 16; ++i)
    complaints.push_back(
        l.closed_case("complaint", fmt::format("2024-03-{:02}", 5 + i), fmt::format("09123451{:02}", i).c_str()));
  const Case b = l.closed_case("petition", "2024-03-28", "0912345002");
  const Frame petitions_only = build_frame(*l.ledger, petitions(), k_closed, at("2024-04-10 09:00").at);
  CHECK(refs_of(petitions_only) == std::vector<std::string>{a.ref, b.ref});
  SampleDefinition both = petitions();
  both.services = {"complaint", "petition"};
  const Frame all = build_frame(*l.ledger, both, k_closed, at("2024-04-10 09:00").at);
  REQUIRE(all.rows.size() == 18);
  // Read petitions first (PET- rows, then CMP- rows): sorted all the same.
  SampleDefinition reversed = both;
  reversed.services = {"petition", "complaint"};
  const Frame again = build_frame(*l.ledger, reversed, k_closed, at("2024-04-10 09:00").at);
  CHECK(refs_of(again) == refs_of(all));
  CHECK(again.sha256 == all.sha256);
  // Rows, hash and digests agree whichever way they were read.
  std::vector<FrameRow> petition_rows;
  for (const auto& row : all.rows)
    if (row.service == "petition") petition_rows.push_back(row);
  REQUIRE(petition_rows.size() == 2);
  CHECK(frame_sha256(petition_rows) == petitions_only.sha256);
  CHECK(petitions_only.digests ==
        std::vector<std::uint32_t>{frame_digest(petition_rows[0]), frame_digest(petition_rows[1])});
  CHECK(all.rows.front().ref == complaints.front().ref);
  CHECK(encode_frame(all.rows, all.digests) == encode_frame(all.rows));
}
