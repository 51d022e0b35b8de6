// epb notify: the cron job that tells people before they have to ask, and its outbox.
#include "commands.hpp"

#include "epb/cases/case_store.hpp"

#include "epb/notify/notice_privacy.hpp"
#include "epb/notify/outbox.hpp"
#include "epb/output/json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace epb::cli {
namespace {

struct ListOptions {
  std::string state; // a NoticeState's name, checked by the option
  std::string ref;
  std::int64_t limit = 0;
  bool reveal_pii = false;
};

// One `notify run` at a time per ledger: a second one exits quietly instead of sending twice.
class RunLock {
public:
  explicit RunLock(const std::string& ledger_path) {
    const std::string path = ledger_path + ".notify.lock";
    m_fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (m_fd < 0) throw Error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    m_held = flock(m_fd, LOCK_EX | LOCK_NB) == 0;
  }
  ~RunLock() {
    if (m_fd >= 0) ::close(m_fd); // closing releases the lock
  }
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  bool held() const { return m_held; }

private:
  int m_fd = -1;
  bool m_held = false;
};

std::vector<Column> notice_columns() {
  using T = Column::Type;
  return {{"id", T::integer},       {"ref"},     {"level"}, {"audience"},   {"transport"}, {"recipient"}, {"state"},
          {"attempts", T::integer}, {"planned"}, {"sent"},  {"last_error"}, {"subject"}};
}

// A dry run's preview says what the delivery would do to each notice it would handle.
std::string state_text(const Notice& n, bool preview) {
  if (preview && n.would_cancel) return "would cancel";
  if (preview && (n.state == NoticeState::planned || n.state == NoticeState::failed)) return "would send";
  return std::string(notice_state_name(n.state));
}

Row notice_row(Context& context, const Notice& n, const Disclosure& disclosure, bool preview = false) {
  const bool table = context.format() == Format::table;
  const auto when = [&](Instant at) { return table ? at.iso().substr(0, 16) : at.iso(); };
  return {std::to_string(n.id),
          n.ref,
          n.level,
          n.audience,
          n.transport,
          notice_recipient_text(n, disclosure),
          state_text(n, preview),
          std::to_string(n.attempts),
          when(n.planned_at),
          n.sent_at ? when(*n.sent_at) : "",
          n.last_error,
          n.subject};
}

void print_preview(Context& context, const std::vector<Notice>& notices, bool delivering) {
  auto writer = make_row_writer(context.format(), context.out(), notice_columns());
  for (const auto& notice : notices)
    writer->row(notice_row(context, notice, Disclosure::masked(), delivering));
  writer->finish();
}

std::unique_ptr<Transport> open_transport(const NotifyTransport& config, Instant now) {
  const Date day = now.taipei_date();
  const int sod = now.taipei_seconds_of_day();
  const std::string stamp = fmt::format("{:04}{:02}{:02}-{:02}{:02}{:02}", day.year(), day.month(), day.day(),
                                        sod / 3600, sod / 60 % 60, sod % 60);
  return make_transport(config, stamp);
}

// The files the transports write must be neither the ledger nor the configuration, however
// spelled: checked before anything is written, as a JSON-lines outbox is appended to.
void check_transport_files(Context& context) {
  const ProtectedFiles protect = context.protected_files();
  for (const auto& transport : context.config().notify.transports) {
    const std::string option = fmt::format("transport {}", transport.code);
    if (transport.kind == NotifyTransport::Kind::jsonl && transport.path != "-")
      value_or_throw(protect.check(fmt::format("{} path", option), transport.path));
    if (transport.kind == NotifyTransport::Kind::letter)
      value_or_throw(protect.check(fmt::format("{} directory", option), transport.directory));
  }
}

void run_notify(Context& context, bool dry_run) {
  Ledger& ledger = context.ledger(); // first: no lock file beside a ledger that is not there
  check_transport_files(context);
  RunLock lock(ledger.path());
  if (!lock.held()) {
    context.info("epb: another 'epb notify run' is active on this ledger; leaving it to that one");
    return;
  }
  Outbox outbox(ledger, context.config(), context.calendar());
  const Stamp stamp = context.stamp(dry_run ? "notify run --dry-run" : "notify run");
  context.warn_calendar_horizon();
  const PlanReport plan = outbox.plan(stamp, dry_run);
  if (dry_run) {
    // What would be planned, then what would be sent now (already pending plus new).
    std::vector<Notice> shown = plan.planned;
    const bool delivering = outbox.in_window(stamp.at);
    if (delivering)
      for (auto& pending : outbox.deliverable(stamp.at))
        shown.push_back(std::move(pending));
    if (!shown.empty()) {
      print_preview(context, shown, delivering);
      context.info(fmt::format("epb: dry run: {} to plan; nothing written", plan.planned.size()));
    }
    return;
  }
  const DeliveryReport delivery =
      outbox.deliver(stamp, [&](const NotifyTransport& config) { return open_transport(config, stamp.at); });
  // Quiet when there was nothing to do: cron mails whatever a job prints.
  if (plan.planned.empty() && delivery.cancelled == 0 && delivery.sent.empty() && delivery.failed.empty()) return;
  if (!context.options.quiet)
    context.out() << fmt::format("epb: notify {}: planned {}, cancelled {}, sent {}, failed {}{}\n", stamp.at.iso(),
                                 plan.planned.size(), delivery.cancelled, delivery.sent.size(), delivery.failed.size(),
                                 delivery.outside_window ? " (outside delivery hours: sending later)" : "");
  for (const auto& failed : delivery.failed)
    context.err() << fmt::format("epb: error: notice {} ({} {}): {}\n", failed.id, failed.ref, failed.level,
                                 failed.last_error);
  if (!delivery.failed.empty())
    throw Error(fmt::format("{} notice{} failed; they are retried by later runs", delivery.failed.size(),
                            delivery.failed.size() == 1 ? "" : "s"));
}

// Showing applicants' contacts in full is itself recorded, once per case seen.
Disclosure disclosure_of(Context& context, bool reveal, std::span<const Notice> notices, std::string command) {
  return context.disclosure(reveal, std::move(command), notice_reveal_refs(notices));
}

void run_list(Context& context, const ListOptions& options) {
  // A --ref that names no case would list nothing and look like a case without notices.
  if (!options.ref.empty() && !CaseStore(context.ledger()).id_of(options.ref))
    throw ProblemError(Problem{Fault::not_found, fmt::format("--ref {}", options.ref), "no such case"});
  Outbox outbox(context.ledger_after_config(), context.config(), context.calendar());
  const auto notices = outbox.list(parse_notice_state(options.state), options.ref, options.limit);
  const Disclosure disclosure = disclosure_of(context, options.reveal_pii, notices, "notify list");
  auto writer = make_row_writer(context.format(), context.out(), notice_columns());
  for (const auto& notice : notices)
    writer->row(notice_row(context, notice, disclosure));
  writer->finish();
}

void run_show(Context& context, std::int64_t id, bool reveal) {
  Outbox outbox(context.ledger_after_config(), context.config(), context.calendar());
  const Notice n = value_or_throw(outbox.find(id));
  const Disclosure disclosure = disclosure_of(context, reveal, std::span(&n, 1), "notify show");
  if (context.format() != Format::table) {
    auto columns = notice_columns();
    columns.push_back({"body"});
    columns.push_back({"message_id"});
    Row row = notice_row(context, n, disclosure);
    row.push_back(notice_body_text(n, disclosure));
    row.push_back(n.message_id);
    auto writer = make_row_writer(context.format(), context.out(), columns);
    writer->row(row);
    writer->finish();
    return;
  }
  const auto columns = notice_columns();
  const Row row = notice_row(context, n, disclosure);
  std::string text;
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (!row[i].empty()) text += fmt::format("{:<12}{}\n", columns[i].name, row[i]);
  // A deadline notice is about the case itself; another source's names what it is about.
  if (n.source != k_deadline_source || !n.item.empty())
    text += fmt::format("{:<12}{}\n{:<12}{}\n", "source", n.source, "item", n.item);
  text += fmt::format("{:<12}{}\n\n{}\n", "message_id", n.message_id, notice_body_text(n, disclosure));
  context.out() << terminal_safe(text, true); // fields of old ledgers may hold controls
}

void run_retry(Context& context, std::int64_t id) {
  Outbox outbox(context.ledger_after_config(), context.config(), context.calendar());
  const Notice n = value_or_throw(outbox.retry(context.stamp("notify retry"), id));
  context.info(
      fmt::format("epb: notice {} ({} {}) planned again; the next 'epb notify run' sends it", n.id, n.ref, n.level));
}

} // namespace

void register_notify(CLI::App& app, Context& context) {
  auto* notify = app.add_subcommand("notify", "Proactive notices: reminders, overdue notices, escalations (cron-safe)");
  notify->require_subcommand(1);

  auto dry_run = std::make_shared<bool>(false);
  auto* run = notify->add_subcommand("run", "Plan the notices now due, then deliver pending ones (safe to repeat)");
  run->add_flag("--dry-run", *dry_run, "show what would be planned and sent; change nothing");
  run->callback([&context, dry_run] { run_notify(context, *dry_run); });

  auto list = std::make_shared<ListOptions>();
  auto* list_cmd = notify->add_subcommand("list", "List the outbox");
  list_cmd->add_option("--state", list->state, "planned, sending, sent, failed or cancelled")
      ->check(one_of("--state", [] {
        std::vector<std::string> names;
        for (NoticeState state : k_notice_states)
          names.emplace_back(notice_state_name(state));
        return names;
      }()));
  text_checked(list_cmd->add_option("--ref", list->ref, "only this case's notices"), TextKind::code);
  list_cmd->add_option("--limit", list->limit, "at most this many")->check(whole_number("--limit", 1));
  list_cmd->add_flag("--reveal-pii", list->reveal_pii, "show applicants' addresses in full");
  list_cmd->callback([&context, list] { run_list(context, *list); });

  auto show = std::make_shared<std::pair<std::int64_t, bool>>(0, false);
  auto* show_cmd = notify->add_subcommand("show", "Show one notice with its text");
  show_cmd->add_option("ID", show->first, "notice id")
      ->required()
      ->check(whole_number("ID", 1, std::numeric_limits<std::int64_t>::max()));
  show_cmd->add_flag("--reveal-pii", show->second, "show the applicant's address in full");
  show_cmd->callback([&context, show] { run_show(context, show->first, show->second); });

  auto id = std::make_shared<std::int64_t>(0);
  auto* retry = notify->add_subcommand("retry", "Plan a failed or cancelled notice again");
  retry->add_option("ID", *id, "notice id")
      ->required()
      ->check(whole_number("ID", 1, std::numeric_limits<std::int64_t>::max()));
  retry->callback([&context, id] { run_retry(context, *id); });
}

} // namespace epb::cli
