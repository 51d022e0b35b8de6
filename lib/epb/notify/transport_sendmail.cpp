// The sendmail transport: the message goes to the stdin of a configured command such as
// `/usr/sbin/sendmail -t -i`, run without a shell so no configured text is ever shell-parsed.
#include "epb/notify/message.hpp"

#include <chrono>
#include <csignal>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

namespace epb {
namespace {

// A stuck mailer must not hang the cron run for ever: it is killed and the notice retried.
constexpr auto k_timeout = std::chrono::seconds(60);
constexpr std::size_t k_stderr_kept = 4096; // only the first line is reported

std::string errno_text(int error) { return std::generic_category().message(error); }

class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }
  int get() const { return m_fd; }
  void reset(int fd) {
    close();
    m_fd = fd;
  }
  void close() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

private:
  int m_fd = -1;
};

struct Pipe {
  Fd read, write;
};

bool open_pipe(Pipe& pipe) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  pipe.read.reset(fds[0]);
  pipe.write.reset(fds[1]);
  return true;
}

// The child closing its input early must show as EPIPE from write(), not kill epb.
class SigpipeIgnored {
public:
  SigpipeIgnored() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &m_previous);
  }
  SigpipeIgnored(const SigpipeIgnored&) = delete;
  SigpipeIgnored& operator=(const SigpipeIgnored&) = delete;
  ~SigpipeIgnored() { sigaction(SIGPIPE, &m_previous, nullptr); }

private:
  struct sigaction m_previous {};
};

std::vector<std::string> split_command(std::string_view command) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < command.size()) {
    const auto end = std::min(command.find(' ', start), command.size());
    if (end > start) words.emplace_back(command.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Runs only async-signal-safe calls: the parent may have other threads.
[[noreturn]] void exec_child(char* const* argv, int input, int errors, int null_out, int exec_report) {
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  sigaction(SIGPIPE, &default_action, nullptr); // a mailer expects the usual SIGPIPE
  if (::dup2(input, STDIN_FILENO) < 0 || ::dup2(null_out, STDOUT_FILENO) < 0 || ::dup2(errors, STDERR_FILENO) < 0) {
    const int error = errno;
    [[maybe_unused]] auto ignored = ::write(exec_report, &error, sizeof error);
    ::_exit(127);
  }
  ::execvp(argv[0], argv);
  const int error = errno;
  [[maybe_unused]] auto ignored = ::write(exec_report, &error, sizeof error);
  ::_exit(127);
}

struct Outcome {
  int exec_error = 0; // errno of a failed exec, else 0
  int status = 0;     // from waitpid
  bool timed_out = false;
  bool input_cut = false; // the command stopped reading before the message ended
  std::string errors;     // the start of its stderr
};

// Feeds `message` to the child's stdin while draining its stderr, so neither side can block
// the other on a full pipe.
void converse(pid_t child, std::string_view message, Fd& input, Fd& errors, Outcome& outcome) {
  const auto deadline = std::chrono::steady_clock::now() + k_timeout;
  ::fcntl(input.get(), F_SETFL, ::fcntl(input.get(), F_GETFL) | O_NONBLOCK);
  if (message.empty()) input.close();
  std::size_t written = 0;
  while (input.get() >= 0 || errors.get() >= 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      outcome.timed_out = true;
      ::kill(child, SIGKILL);
      return;
    }
    pollfd fds[2] = {{input.get(), POLLOUT, 0}, {errors.get(), POLLIN, 0}};
    if (::poll(fds, 2, static_cast<int>(left.count())) < 0) {
      if (errno == EINTR) continue;
      outcome.timed_out = true;
      ::kill(child, SIGKILL);
      return;
    }
    if (fds[0].revents != 0) {
      const auto n = ::write(input.get(), message.data() + written, message.size() - written);
      if (n > 0)
        written += static_cast<std::size_t>(n);
      else if (n < 0 && errno != EINTR && errno != EAGAIN) {
        outcome.input_cut = true; // EPIPE: the command exited or closed its stdin
        input.close();
      }
      if (written == message.size()) input.close(); // EOF tells the mailer the message is complete
    }
    if (fds[1].revents != 0) {
      char buffer[4096];
      const auto n = ::read(errors.get(), buffer, sizeof buffer);
      if (n > 0 && outcome.errors.size() < k_stderr_kept)
        outcome.errors.append(buffer, std::min(static_cast<std::size_t>(n), k_stderr_kept - outcome.errors.size()));
      else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        errors.close();
    }
  }
}

std::string first_line(std::string_view text) {
  const auto end = text.find_first_of("\r\n");
  return std::string(text.substr(0, end));
}

class SendmailTransport final : public Transport {
public:
  explicit SendmailTransport(NotifyTransport config) : m_config(std::move(config)) {}

  Result<void> deliver(const OutgoingNotice& notice) override {
    if (notice.recipient.find_first_of("\r\n") != std::string::npos)
      return failure(fmt::format("recipient address '{}' has a line break", notice.recipient));
    const auto words = split_command(m_config.command);
    if (words.empty()) return failure("no command is configured");
    const Outcome outcome = run(words, rfc5322_message(notice, m_config.from));
    const std::string& program = words.front();
    if (outcome.exec_error != 0)
      return failure(fmt::format("cannot run {}: {}", program, errno_text(outcome.exec_error)));
    std::string why;
    if (outcome.timed_out)
      why = fmt::format("{} did not finish within {} s", program, k_timeout.count());
    else if (WIFSIGNALED(outcome.status))
      why = fmt::format("{} was killed by signal {}", program, WTERMSIG(outcome.status));
    else if (WIFEXITED(outcome.status) && WEXITSTATUS(outcome.status) != 0)
      why = fmt::format("{} exited with status {}", program, WEXITSTATUS(outcome.status));
    else if (outcome.input_cut)
      why = fmt::format("{} exited before reading the whole message", program);
    if (why.empty()) return {};
    if (const auto line = first_line(outcome.errors); !line.empty()) why += ": " + line;
    return failure(why);
  }

private:
  std::unexpected<Problem> failure(std::string why) const {
    return std::unexpected(Problem{Fault::failure, "transport " + m_config.code, std::move(why)});
  }

  static Outcome run(const std::vector<std::string>& words, std::string_view message) {
    Outcome outcome;
    std::vector<char*> argv;
    for (const auto& word : words)
      argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    Pipe input, errors, exec_report;
    Fd null_out(::open("/dev/null", O_WRONLY | O_CLOEXEC));
    if (!open_pipe(input) || !open_pipe(errors) || !open_pipe(exec_report) || null_out.get() < 0) {
      outcome.exec_error = errno;
      return outcome;
    }
    const pid_t child = ::fork();
    if (child < 0) {
      outcome.exec_error = errno;
      return outcome;
    }
    if (child == 0)
      exec_child(argv.data(), input.read.get(), errors.write.get(), null_out.get(), exec_report.write.get());
    input.read.close();
    errors.write.close();
    exec_report.write.close();
    null_out.close();
    {
      const SigpipeIgnored sigpipe_ignored;
      converse(child, message, input.write, errors.read, outcome);
    }
    int reported = 0;
    ssize_t n;
    do
      n = ::read(exec_report.read.get(), &reported, sizeof reported);
    while (n < 0 && errno == EINTR);
    if (n == static_cast<ssize_t>(sizeof reported)) outcome.exec_error = reported;
    while (::waitpid(child, &outcome.status, 0) < 0 && errno == EINTR) {
    }
    return outcome;
  }

  NotifyTransport m_config;
};

} // namespace

std::unique_ptr<Transport> make_sendmail_transport(const NotifyTransport& config) {
  return std::make_unique<SendmailTransport>(config);
}

} // namespace epb
