// The jsonl transport: one JSON object per notice, for SMS and chat gateways that tail a file
// or read epb's standard output.
#include "epb/notify/message.hpp"
#include "epb/output/json.hpp"

#include <cerrno>
#include <cstdio>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace epb {
namespace {

std::string notice_json(const OutgoingNotice& notice) {
  return JsonObject()
      .add("message_id", notice.message_id)
      .add("ref", notice.ref)
      .add("level", notice.level)
      .add("audience", notice.audience)
      .add("recipient_name", notice.recipient_name)
      .add("recipient", notice.recipient)
      .add("lang", notice.lang)
      .add("subject", notice.subject)
      .add("body", notice.body)
      .add("created", notice.created.iso())
      .str();
}

class JsonlTransport final : public Transport {
public:
  explicit JsonlTransport(NotifyTransport config) : m_config(std::move(config)) {}
  JsonlTransport(const JsonlTransport&) = delete;
  JsonlTransport& operator=(const JsonlTransport&) = delete;
  ~JsonlTransport() override {
    if (m_fd >= 0) ::close(m_fd);
  }

  Result<void> deliver(const OutgoingNotice& notice) override {
    const std::string line = notice_json(notice) + '\n';
    if (m_config.path == "-") {
      // Through stdio, so the lines keep their order with anything else epb prints.
      if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0)
        return failure(fmt::format("cannot write to standard output: {}", errno_text(errno)));
      return {};
    }
    if (m_fd < 0) {
      // O_APPEND makes each write() land whole at the end even with other writers (a gateway
      // may append too); 0600 because notices carry names and addresses.
      m_fd = ::open(m_config.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
      if (m_fd < 0) return failure(fmt::format("cannot open {}: {}", m_config.path, errno_text(errno)));
      // O_CREAT's mode applies only to a new file: one left readable by others (copied,
      // made by hand) is tightened before it gets a line. A FIFO or device stays as it is.
      struct stat info {};
      if (::fstat(m_fd, &info) != 0)
        return failure(fmt::format("cannot stat {}: {}", m_config.path, errno_text(errno)));
      if (S_ISREG(info.st_mode) && (info.st_mode & 0077) != 0 && ::fchmod(m_fd, 0600) != 0)
        return failure(fmt::format("cannot make {} private (mode 0600): {}", m_config.path, errno_text(errno)));
    }
    // One write() per line; a regular file takes it whole unless the disk is full, and then
    // finishing the line beats leaving half of it for the next one to run into.
    struct stat before {};
    const bool regular = ::fstat(m_fd, &before) == 0 && S_ISREG(before.st_mode);
    for (std::string_view rest = line; !rest.empty();) {
      const auto written = ::write(m_fd, rest.data(), rest.size());
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) {
        const int error = errno;
        // It cannot be finished (the disk full, the file-size limit): the half line goes, so
        // the gateway never reads it and the retry's line starts on a line of its own. Only
        // when no other writer appended meanwhile, whose lines would go with it.
        struct stat now {};
        if (regular && ::fstat(m_fd, &now) == 0 &&
            now.st_size == before.st_size + static_cast<off_t>(line.size() - rest.size())) {
          [[maybe_unused]] const int ignored = ::ftruncate(m_fd, before.st_size);
        }
        return failure(fmt::format("cannot write to {}: {}", m_config.path, errno_text(error)));
      }
      rest.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
  }

private:
  static std::string errno_text(int error) { return std::generic_category().message(error); }

  std::unexpected<Problem> failure(std::string why) const {
    return std::unexpected(Problem{Fault::failure, "transport " + m_config.code, std::move(why)});
  }

  NotifyTransport m_config;
  int m_fd = -1; // opened at the first delivery, so a run with nothing to send creates no file
};

} // namespace

std::unique_ptr<Transport> make_jsonl_transport(const NotifyTransport& config) {
  return std::make_unique<JsonlTransport>(config);
}

} // namespace epb
