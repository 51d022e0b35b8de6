// The SMTP transport: talks to the bureau's mail server directly with libcurl, for hosts that
// have no local MTA. STARTTLS is required by default, so a password never crosses the wire in
// clear text.
#include "epb/notify/message.hpp"

#include <cstdlib>
#include <cstring>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

namespace epb {
namespace {

constexpr long k_connect_timeout_seconds = 10;
constexpr long k_timeout_seconds = 60; // the whole conversation, so a stalled server cannot hang cron
// Tests point this at the CA of the throw-away certificate their loopback server presents;
// production relies on the system's trust store.
constexpr const char* k_cafile_env = "EPB_SMTP_CAFILE";

// curl_easy_setopt is a variadic macro with type checks that trip -Wold-style-cast and
// -Wpedantic; these typed wrappers keep every call site checked and the warnings local.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wconversion"
CURLcode set_long(CURL* curl, CURLoption option, long value) { return curl_easy_setopt(curl, option, value); }
CURLcode set_text(CURL* curl, CURLoption option, const char* value) { return curl_easy_setopt(curl, option, value); }
CURLcode set_list(CURL* curl, CURLoption option, curl_slist* value) { return curl_easy_setopt(curl, option, value); }
CURLcode set_size(CURL* curl, CURLoption option, curl_off_t value) { return curl_easy_setopt(curl, option, value); }
CURLcode set_pointer(CURL* curl, CURLoption option, void* value) { return curl_easy_setopt(curl, option, value); }
CURLcode set_read_function(CURL* curl, curl_read_callback callback) {
  return curl_easy_setopt(curl, CURLOPT_READFUNCTION, callback);
}
#pragma GCC diagnostic pop

// curl_global_init is not thread-safe; run it once before the first handle.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  std::string_view rest;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

struct CurlHandle {
  CURL* curl = curl_easy_init();
  curl_slist* recipients = nullptr;
  CurlHandle() = default;
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;
  ~CurlHandle() {
    curl_slist_free_all(recipients);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

class SmtpTransport final : public Transport {
public:
  explicit SmtpTransport(NotifyTransport config) : m_config(std::move(config)) {}

  Result<void> deliver(const OutgoingNotice& notice) override {
    if (notice.recipient.find_first_of("\r\n<>") != std::string::npos)
      return failure(fmt::format("recipient address '{}' is not a plain address", notice.recipient));
    const char* password = nullptr;
    if (!m_config.password_env.empty()) {
      password = std::getenv(m_config.password_env.c_str());
      if (password == nullptr)
        return failure(fmt::format("environment variable {} (the password) is not set", m_config.password_env));
    }
    init_curl_once();
    CurlHandle handle;
    if (handle.curl == nullptr) return failure("cannot start libcurl");
    const std::string message = rfc5322_message(notice, m_config.from);
    Upload upload{message};
    const std::string sender = "<" + std::string(address_of(m_config.from)) + ">";
    handle.recipients = curl_slist_append(nullptr, ("<" + notice.recipient + ">").c_str());
    char error_text[CURL_ERROR_SIZE] = {};
    CURL* curl = handle.curl;
    CURLcode code = set_pointer(curl, CURLOPT_ERRORBUFFER, error_text);
    const auto then = [&code](CURLcode next) {
      if (code == CURLE_OK) code = next;
    };
    then(set_text(curl, CURLOPT_URL, m_config.url.c_str()));
    then(set_text(curl, CURLOPT_MAIL_FROM, sender.c_str()));
    then(set_list(curl, CURLOPT_MAIL_RCPT, handle.recipients));
    then(set_read_function(curl, read_upload));
    then(set_pointer(curl, CURLOPT_READDATA, &upload));
    then(set_long(curl, CURLOPT_UPLOAD, 1L));
    then(set_size(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size())));
    then(set_long(curl, CURLOPT_CONNECTTIMEOUT, k_connect_timeout_seconds));
    then(set_long(curl, CURLOPT_TIMEOUT, k_timeout_seconds));
    then(set_long(curl, CURLOPT_NOSIGNAL, 1L)); // no SIGALRM for timeouts: epb may have threads
    if (m_config.starttls) then(set_long(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL)));
    if (!m_config.username.empty()) then(set_text(curl, CURLOPT_USERNAME, m_config.username.c_str()));
    if (password != nullptr) then(set_text(curl, CURLOPT_PASSWORD, password));
    if (const char* cafile = std::getenv(k_cafile_env); cafile != nullptr && *cafile != '\0')
      then(set_text(curl, CURLOPT_CAINFO, cafile));
    if (code == CURLE_OK) code = curl_easy_perform(curl);
    if (code == CURLE_OK) return {};
    std::string why = curl_easy_strerror(code);
    if (error_text[0] != '\0') why += fmt::format(" ({})", std::string_view(error_text));
    return failure(fmt::format("{}: {}", m_config.url, why));
  }

private:
  std::unexpected<Problem> failure(std::string why) const {
    return std::unexpected(Problem{Fault::failure, "transport " + m_config.code, std::move(why)});
  }

  NotifyTransport m_config;
};

} // namespace

std::unique_ptr<Transport> make_smtp_transport(const NotifyTransport& config) {
  return std::make_unique<SmtpTransport>(config);
}

} // namespace epb
