// The letter transport: each run's postal notices become one CSV batch for the mail merge that
// prints the postcards. A notice counts as delivered once its row is in the batch file.
#include "epb/io/output_file.hpp"
#include "epb/notify/message.hpp"
#include "epb/output/rows.hpp"

#include <cerrno>
#include <filesystem>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace epb {
namespace {

// Excel takes a CSV without a BOM for the local code page (Big5) and garbles the Chinese.
constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
// A second run within the same second gets "-2", "-3"...; an existing batch is never overwritten.
constexpr int k_max_batches_per_stamp = 100;

std::string errno_text(int error) { return std::generic_category().message(error); }

class LetterTransport final : public Transport {
public:
  LetterTransport(NotifyTransport config, std::string_view run_stamp)
      : m_config(std::move(config)), m_run_stamp(run_stamp) {}
  LetterTransport(const LetterTransport&) = delete;
  LetterTransport& operator=(const LetterTransport&) = delete;
  ~LetterTransport() override {
    if (m_fd >= 0) ::close(m_fd);
  }

  Result<void> deliver(const OutgoingNotice& notice) override {
    if (m_fd < 0) {
      if (auto opened = open_batch(); !opened) return opened;
    }
    m_writer->row(
        {notice.message_id, notice.ref, notice.recipient_name, notice.recipient, notice.subject, notice.body});
    return flush();
  }

  Result<void> finish() override {
    if (m_fd < 0) return {}; // nothing delivered: no empty batch to confuse the post room
    m_writer->finish();
    auto flushed = flush();
    const bool synced = ::fsync(m_fd) == 0;
    const int sync_error = errno;
    const bool closed = ::close(m_fd) == 0;
    m_fd = -1;
    if (!flushed) return flushed;
    if (!synced || !closed)
      return failure(fmt::format("cannot save {}: {}", m_path, errno_text(synced ? errno : sync_error)));
    return {};
  }

private:
  Result<void> open_batch() {
    try {
      create_private_directories(m_config.directory, "letters"); // 0700: the batches name people
    } catch (const Error& error) {
      return failure(error.what());
    }
    for (int attempt = 1; attempt <= k_max_batches_per_stamp; ++attempt) {
      const std::string suffix = attempt == 1 ? "" : fmt::format("-{}", attempt);
      const std::string path =
          (std::filesystem::path(m_config.directory) / fmt::format("letters-{}{}.csv", m_run_stamp, suffix)).string();
      // 0600: the batch holds names and home addresses.
      m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (m_fd >= 0) {
        m_path = path;
        m_buffer << k_utf8_bom;
        m_writer = make_row_writer(Format::csv, m_buffer,
                                   {{"message_id"}, {"ref"}, {"recipient_name"}, {"address"}, {"subject"}, {"body"}});
        return {};
      }
      if (errno != EEXIST) return failure(fmt::format("cannot create {}: {}", path, errno_text(errno)));
    }
    return failure(fmt::format("too many letter batches named letters-{} in {}", m_run_stamp, m_config.directory));
  }

  // Writes what the CSV writer produced so far, so the row is on disk when deliver() returns.
  // A row that cannot be finished (the disk full) is cut off again: the mail merge must not
  // print half an address, and the retry's row starts on a line of its own.
  Result<void> flush() {
    const std::string text = m_buffer.str();
    m_buffer.str("");
    for (std::string_view rest = text; !rest.empty();) {
      const auto written = ::write(m_fd, rest.data(), rest.size());
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) {
        const int error = errno;
        if (::ftruncate(m_fd, m_size) == 0) ::lseek(m_fd, m_size, SEEK_SET);
        return failure(fmt::format("cannot write to {}: {}", m_path, errno_text(error)));
      }
      rest.remove_prefix(static_cast<std::size_t>(written));
    }
    m_size += static_cast<off_t>(text.size());
    return {};
  }

  std::unexpected<Problem> failure(std::string why) const {
    return std::unexpected(Problem{Fault::failure, "transport " + m_config.code, std::move(why)});
  }

  NotifyTransport m_config;
  std::string m_run_stamp;
  std::string m_path;
  int m_fd = -1;    // created at the first delivery
  off_t m_size = 0; // the bytes written whole so far
  std::ostringstream m_buffer;
  std::unique_ptr<RowWriter> m_writer;
};

} // namespace

std::unique_ptr<Transport> make_letter_transport(const NotifyTransport& config, std::string_view run_stamp) {
  return std::make_unique<LetterTransport>(config, run_stamp);
}

} // namespace epb
