#include "epb/core/text.hpp"
#include "epb/notify/message.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace epb;
namespace fs = std::filesystem;

constexpr std::string_view k_from = "高雄市政府環境保護局 <noreply@epb.ksepb.gov.tw>";

class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "epb-transport-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_path = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  const fs::path& path() const { return m_path; }
  std::string operator/(std::string_view name) const { return (m_path / name).string(); }

private:
  fs::path m_path;
};

void write_script(const std::string& path, std::string_view text) {
  std::ofstream(path) << text;
  fs::permissions(path, fs::perms::owner_all);
}

unsigned file_mode(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777u;
}

OutgoingNotice sample_notice() {
  OutgoingNotice notice;
  notice.id = 7;
  notice.message_id = "notice-7.PET-1150001.overdue-1.1@epb.ksepb.gov.tw";
  notice.ref = "PET-1150001";
  notice.level = "overdue-1";
  notice.audience = "applicant";
  notice.recipient_name = "王小明";
  notice.recipient = "xiaoming@example.tw";
  notice.lang = "zh-TW";
  notice.subject = "案件 PET-1150001 已逾處理期限，新的預計完成日為 115/11/09（2026-11-09）";
  notice.body = "王小明 您好：\n\n您的陳情案件 PET-1150001 因需會勘，處理期限延長。\n預計完成日：115/11/09。\n";
  notice.created = value_or_throw(parse_instant("2026-11-02T09:00:00+08:00"));
  return notice;
}

std::string base64_decode(std::string_view text) {
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const auto value = alphabet.find(c);
    if (value == std::string_view::npos) continue; // padding and line breaks
    bits = bits << 6 | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>(bits >> count & 0xFFu);
    }
  }
  return out;
}

// Decodes a header value made of "=?UTF-8?B?...?=" words (the space between them is dropped).
std::string decode_words(std::string_view value) {
  std::string out;
  while (!value.empty()) {
    const auto start = value.find("=?UTF-8?B?");
    if (start == std::string_view::npos) return out + std::string(value);
    out += trim(value.substr(0, start));
    const auto end = value.find("?=", start + 10);
    REQUIRE(end != std::string_view::npos);
    out += base64_decode(value.substr(start + 10, end - start - 10));
    value.remove_prefix(end + 2);
  }
  return out;
}

struct ParsedMessage {
  std::map<std::string, std::string> headers; // unfolded
  std::string body;
};

// Accepts CRLF or LF: a maildir stores what the server received with LF line ends.
ParsedMessage parse_message(std::string_view text) {
  ParsedMessage parsed;
  std::string last;
  bool in_body = false;
  for (auto line : split_lines(text)) {
    if (in_body)
      parsed.body += std::string(line) + "\n";
    else if (line.empty())
      in_body = true;
    else if (line.front() == ' ' || line.front() == '\t')
      parsed.headers[last] += std::string(line);
    else {
      const auto colon = line.find(':');
      REQUIRE(colon != std::string_view::npos);
      last = std::string(line.substr(0, colon));
      parsed.headers[last] = std::string(trim(line.substr(colon + 1)));
    }
  }
  return parsed;
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

void check_message(const ParsedMessage& message, const OutgoingNotice& notice) {
  CHECK(decode_words(message.headers.at("Subject")) == notice.subject);
  CHECK(message.headers.at("Message-ID") == "<" + notice.message_id + ">");
  CHECK(message.headers.at("Content-Transfer-Encoding") == "base64");
  CHECK(base64_decode(message.body) == crlf(notice.body));
}

} // namespace

TEST_CASE("notify transport: base64 matches the RFC 4648 vectors") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode(std::string_view("\xFF\xFE\x00\x80", 4)) == "//4AgA==");
  CHECK(base64_decode(base64_encode("高雄市環保局")) == "高雄市環保局");
}

TEST_CASE("notify transport: encoded words stay short and keep characters whole") {
  CHECK(encoded_words("高雄", 9) == "=?UTF-8?B?6auY6ZuE?=");
  CHECK(encoded_words("", 9) == "");
  const std::string text = sample_notice().subject + sample_notice().subject;
  const std::string folded = encoded_words(text, 9);
  CHECK(decode_words(folded) == text);
  bool first = true;
  for (auto line : split_lines(folded)) {
    CHECK(line.size() + (first ? 9 : 0) <= 76);
    const std::string_view word = trim(line);
    CHECK(word.size() <= 75);
    CHECK(is_valid_utf8(decode_words(word))); // no character split across words
    first = false;
  }
  CHECK(folded.find("\r\n ") != std::string::npos);
  CHECK(folded.find("\n") == folded.find("\r\n") + 1);
}

TEST_CASE("notify transport: rfc5322 message parses back") {
  const OutgoingNotice notice = sample_notice();
  const std::string text = rfc5322_message(notice, k_from);
  for (std::size_t i = text.find('\n'); i != std::string::npos; i = text.find('\n', i + 1))
    REQUIRE(text[i - 1] == '\r'); // CRLF only
  for (auto line : split_lines(text))
    CHECK(line.size() <= 78);
  const ParsedMessage message = parse_message(text);
  check_message(message, notice);
  CHECK(decode_words(message.headers.at("From")) == "高雄市政府環境保護局 <noreply@epb.ksepb.gov.tw>");
  CHECK(decode_words(message.headers.at("To")) == "王小明 <xiaoming@example.tw>");
  CHECK(message.headers.at("Date") == "Mon, 02 Nov 2026 09:00:00 +0800");
  CHECK(message.headers.at("MIME-Version") == "1.0");
  CHECK(message.headers.at("Content-Type") == "text/plain; charset=UTF-8");
  for (auto line : split_lines(message.body))
    CHECK(line.size() <= 76);
}

TEST_CASE("notify transport: rfc5322 headers take no injected lines") {
  OutgoingNotice notice = sample_notice();
  notice.recipient = "victim@example.tw\r\nBcc: everyone@example.tw";
  notice.recipient_name = "Plain \"Quoted\" Name";
  notice.subject = "Overdue\r\nBcc: x@example.tw";
  const ParsedMessage message = parse_message(rfc5322_message(notice, "noreply@epb.ksepb.gov.tw"));
  CHECK(message.headers.count("Bcc") == 0);
  CHECK(message.headers.at("To") == R"("Plain \"Quoted\" Name" <victim@example.twBcc: everyone@example.tw>)");
  CHECK(message.headers.at("From") == "noreply@epb.ksepb.gov.tw");
  CHECK(message.headers.at("Subject") == "OverdueBcc: x@example.tw");
  CHECK(address_of(k_from) == "noreply@epb.ksepb.gov.tw");
}

TEST_CASE("notify transport: sendmail pipes the message to the command") {
  TempDir dir;
  write_script(dir / "capture", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n"
                                "cat > \"$(dirname \"$0\")/stdin\"\n");
  NotifyTransport config;
  config.code = "mail";
  config.kind = NotifyTransport::Kind::sendmail;
  config.from = std::string(k_from);
  config.command = dir / "capture" + "  -t -i";
  const auto transport = make_transport(config, "20261102-090000");
  const OutgoingNotice notice = sample_notice();
  const auto delivered = transport->deliver(notice);
  REQUIRE_MESSAGE(delivered.has_value(), delivered.error().message());
  CHECK(transport->finish().has_value());
  CHECK(read_file(dir / "args") == "-t\n-i\n");
  CHECK(read_file(dir / "stdin") == rfc5322_message(notice, k_from));
}

TEST_CASE("notify transport: sendmail failures say why") {
  TempDir dir;
  NotifyTransport config;
  config.code = "mail";
  config.kind = NotifyTransport::Kind::sendmail;
  config.from = "noreply@epb.ksepb.gov.tw";
  OutgoingNotice notice = sample_notice();

  SUBCASE("a non-zero exit with its first stderr line") {
    write_script(dir / "busy", "#!/bin/sh\necho 'mail queue is full' >&2\necho 'second line' >&2\nexit 75\n");
    config.command = dir / "busy";
    const auto result = make_transport(config, "x")->deliver(notice);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().fault == Fault::failure);
    CHECK(result.error().message() == "transport mail: " + dir / "busy" + " exited with status 75: mail queue is full");
  }
  SUBCASE("a command that cannot be run") {
    config.command = dir / "missing" + " -t";
    const auto result = make_transport(config, "x")->deliver(notice);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().why == "cannot run " + dir / "missing" + ": No such file or directory");
  }
  SUBCASE("a command that stops reading (epb survives the SIGPIPE)") {
    write_script(dir / "deaf", "#!/bin/sh\nexit 0\n");
    config.command = dir / "deaf";
    notice.body = std::string(1 << 20, 'x');
    const auto result = make_transport(config, "x")->deliver(notice);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().why == dir / "deaf" + " exited before reading the whole message");
  }
}

TEST_CASE("notify transport: jsonl appends one object per line") {
  TempDir dir;
  NotifyTransport config;
  config.code = "sms";
  config.kind = NotifyTransport::Kind::jsonl;
  config.path = dir / "notices.jsonl";
  OutgoingNotice second = sample_notice();
  second.message_id = "notice-8@epb.ksepb.gov.tw";
  second.subject = "Quote \" and tab\t";
  {
    const auto transport = make_transport(config, "x");
    REQUIRE(transport->deliver(sample_notice()).has_value());
    REQUIRE(transport->deliver(second).has_value());
    REQUIRE(transport->finish().has_value());
  }
  const std::string text = read_file(config.path);
  const auto lines = split_lines(text);
  REQUIRE(text.back() == '\n');
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].starts_with(R"({"message_id":"notice-7.PET-1150001.overdue-1.1@epb.ksepb.gov.tw","ref":"PET-1150001",)"
                             R"("level":"overdue-1","audience":"applicant","recipient_name":"王小明",)"));
  CHECK(lines[0].ends_with(R"(,"created":"2026-11-02T09:00:00+08:00"})"));
  CHECK(lines[0].find(R"("body":"王小明 您好：\n\n您的陳情案件)") != std::string_view::npos);
  CHECK(lines[1].find(R"("subject":"Quote \" and tab\t")") != std::string_view::npos);
  CHECK(file_mode(config.path) == 0600);
  if (std::system("python3 -c '' >/dev/null 2>&1") == 0) {
    const std::string check = "python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' " + config.path;
    CHECK(std::system(check.c_str()) == 0);
  }
}

TEST_CASE("notify transport: jsonl tightens an existing file to 0600") {
  // A file made by hand or copied with mode 0644 would let anyone read the notices' names
  // and phone numbers; its lines are kept, its mode becomes the owner's alone.
  TempDir dir;
  NotifyTransport config;
  config.code = "sms";
  config.kind = NotifyTransport::Kind::jsonl;
  config.path = dir / "sms.jsonl";
  std::ofstream(config.path) << "{\"earlier\":true}\n";
  fs::permissions(config.path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                   fs::perms::others_read | fs::perms::others_write);
  REQUIRE(file_mode(config.path) == 0646);
  {
    const auto transport = make_transport(config, "x");
    REQUIRE(transport->deliver(sample_notice()).has_value());
    REQUIRE(transport->finish().has_value());
  }
  CHECK(file_mode(config.path) == 0600);
  const std::string text = read_file(config.path); // the lines are views into it
  const auto lines = split_lines(text);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == R"({"earlier":true})");
}

TEST_CASE("notify transport: letter batches are one CSV per run") {
  TempDir dir;
  NotifyTransport config;
  config.code = "post";
  config.kind = NotifyTransport::Kind::letter;
  config.directory = dir / "letters/out";

  SUBCASE("no deliveries, no file") {
    const auto transport = make_transport(config, "20261102-090000");
    CHECK(transport->finish().has_value());
    CHECK_FALSE(fs::exists(config.directory + "/letters-20261102-090000.csv"));
  }
  SUBCASE("rows are quoted for Excel") {
    OutgoingNotice notice = sample_notice();
    notice.recipient = "807 高雄市三民區民族一路, 3樓";
    notice.subject = "=逾期通知";
    const auto transport = make_transport(config, "20261102-090000");
    REQUIRE(transport->deliver(notice).has_value());
    REQUIRE(transport->finish().has_value());
    const std::string path = config.directory + "/letters-20261102-090000.csv";
    CHECK(file_mode(path) == 0600);
    CHECK(read_file(path) == "\xEF\xBB\xBFmessage_id,ref,recipient_name,address,subject,body\r\n"
                             "notice-7.PET-1150001.overdue-1.1@epb.ksepb.gov.tw,PET-1150001,王小明,"
                             "\"807 高雄市三民區民族一路, 3樓\",'=逾期通知,\"" +
                                 notice.body + "\"\r\n");
    // A second batch with the same stamp never overwrites the first.
    const auto again = make_transport(config, "20261102-090000");
    REQUIRE(again->deliver(notice).has_value());
    REQUIRE(again->finish().has_value());
    CHECK(fs::exists(config.directory + "/letters-20261102-090000-2.csv"));
  }
}

// ---- SMTP against a real server on loopback (Debian's python3-aiosmtpd) ----

namespace {

// The PATH python3 may be a private build without Debian's dist-packages.
std::string python_with_aiosmtpd() {
  for (std::string python : {"python3", "/usr/bin/python3"})
    if (std::system((python + " -c 'import aiosmtpd' >/dev/null 2>&1").c_str()) == 0) return python;
  return "";
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool port_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

// A server process, stopped when the test ends however it ends.
class Server {
public:
  Server(std::vector<std::string> argv, const std::string& log, int port) {
    std::vector<char*> args;
    for (auto& arg : argv)
      args.push_back(arg.data());
    args.push_back(nullptr);
    m_pid = ::fork();
    REQUIRE(m_pid >= 0);
    if (m_pid == 0) {
      const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!port_accepts(port) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!port_accepts(port)) {
      stop(); // the destructor will not run: the constructor fails
      FAIL("the SMTP server did not start: " << read_file(log));
    }
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server() { stop(); }

private:
  void stop() {
    ::kill(m_pid, SIGTERM);
    for (int i = 0; i < 40; ++i) {
      if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
  }

  pid_t m_pid = -1;
};

// Sets an environment variable for one test; the old value comes back afterwards.
class EnvVar {
public:
  EnvVar(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value.c_str(), 1);
  }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;
  ~EnvVar() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

NotifyTransport smtp_config(int port, std::string_view scheme = "smtp") {
  NotifyTransport config;
  config.code = "mail";
  config.kind = NotifyTransport::Kind::smtp;
  config.from = std::string(k_from);
  config.url = std::string(scheme) + "://127.0.0.1:" + std::to_string(port);
  return config;
}

} // namespace

TEST_CASE("notify transport: smtp delivers to a real server") {
  const std::string python = python_with_aiosmtpd();
  if (python.empty()) {
    MESSAGE("skipped: python3-aiosmtpd is not installed (scripts/bootstrap installs it)");
    return;
  }
  TempDir dir;
  const int port = free_port();
  const Server server({python, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "-c",
                       "aiosmtpd.handlers.Mailbox", dir / "maildir"},
                      dir / "server.log", port);
  NotifyTransport config = smtp_config(port);
  config.starttls = false; // this server offers no TLS
  const OutgoingNotice notice = sample_notice();
  const auto delivered = make_transport(config, "x")->deliver(notice);
  REQUIRE_MESSAGE(delivered.has_value(), delivered.error().message());

  std::vector<fs::path> mails;
  for (const auto& entry : fs::directory_iterator(dir / "maildir/new"))
    mails.push_back(entry.path());
  REQUIRE(mails.size() == 1);
  const ParsedMessage message = parse_message(read_file(mails[0].string()));
  check_message(message, notice);
  CHECK(message.headers.at("X-MailFrom") == "noreply@epb.ksepb.gov.tw");
  CHECK(message.headers.at("X-RcptTo") == "xiaoming@example.tw");
}

namespace {

// One server per mode, and the cases in an order that leaves the only accepted message as 1.eml.
void check_tls_server(const std::string& python, bool smtps) {
  TempDir dir;
  const std::string openssl = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1"
                              " -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
                              dir / "key.pem" + " -out " + dir / "cert.pem" + " >/dev/null 2>&1";
  REQUIRE(std::system(openssl.c_str()) == 0);
  const int port = free_port();
  std::vector<std::string> argv = {python,       EPB_SOURCE_DIR "/tests/tools/smtp_server.py",
                                   "--port",     std::to_string(port),
                                   "--dir",      dir / "mail",
                                   "--cert",     dir / "cert.pem",
                                   "--key",      dir / "key.pem",
                                   "--user",     "epb-notify",
                                   "--password", "s3cret 密碼"};
  if (smtps) argv.push_back("--smtps");
  const Server server(argv, dir / "server.log", port);

  NotifyTransport config = smtp_config(port, smtps ? "smtps" : "smtp");
  config.username = "epb-notify";
  config.password_env = "EPB_TEST_SMTP_PASSWORD";
  const EnvVar cafile("EPB_SMTP_CAFILE", dir / "cert.pem");
  const OutgoingNotice notice = sample_notice();
  const auto deliver = [&] { return make_transport(config, "x")->deliver(notice); };
  {
    INFO("an unset password variable is named");
    const auto result = deliver();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message() ==
          "transport mail: environment variable EPB_TEST_SMTP_PASSWORD (the password) is not set");
  }
  {
    INFO("a wrong password is a delivery failure");
    const EnvVar password("EPB_TEST_SMTP_PASSWORD", "wrong");
    const auto result = deliver();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().fault == Fault::failure);
    CHECK_MESSAGE(result.error().why.find("Login denied") != std::string::npos, result.error().why);
  }
  const EnvVar password("EPB_TEST_SMTP_PASSWORD", "s3cret 密碼");
  {
    INFO("an untrusted certificate is refused");
    const EnvVar other_cafile("EPB_SMTP_CAFILE", "/etc/ssl/certs/ca-certificates.crt");
    const auto result = deliver();
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().why.find("certificate") != std::string::npos);
  }
  if (!smtps) {
    INFO("without STARTTLS the server refuses the message");
    config.starttls = false;
    CHECK_FALSE(deliver().has_value());
    config.starttls = true;
  }
  CHECK_FALSE(fs::exists(dir / "mail/1.eml"));
  const auto delivered = deliver();
  REQUIRE_MESSAGE(delivered.has_value(), delivered.error().message());
  check_message(parse_message(read_file(dir / "mail/1.eml")), notice);
  CHECK(read_file(dir / "mail/1.json") ==
        R"({"mail_from": "noreply@epb.ksepb.gov.tw", "rcpt_tos": ["xiaoming@example.tw"], "login": "epb-notify"})");
}

} // namespace

TEST_CASE("notify transport: smtp with STARTTLS and AUTH, and smtps") {
  const std::string python = python_with_aiosmtpd();
  if (python.empty()) {
    MESSAGE("skipped: python3-aiosmtpd is not installed (scripts/bootstrap installs it)");
    return;
  }
  SUBCASE("STARTTLS") { check_tls_server(python, false); }
  SUBCASE("smtps") { check_tls_server(python, true); }
}
