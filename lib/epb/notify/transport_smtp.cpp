// The SMTP transport: talks to the bureau's mail server directly with libcurl, for hosts that
// have no local MTA. STARTTLS is required by default, so a password never crosses the wire in
// clear text.
#include "epb/notify/message.hpp"

#include <cstdlib>
#include <cstring>

#include <curl/curl.h>
#include <dlfcn.h>
#include <fmt/format.h>

namespace epb {
namespace {

constexpr long k_connect_timeout_seconds = 10;
constexpr long k_timeout_seconds = 60; // the whole conversation, so a stalled server cannot hang cron
// Tests point this at the CA of the throw-away certificate their loopback server presents;
// production relies on the system's trust store.
constexpr const char* k_cafile_env = "EPB_SMTP_CAFILE";

// libcurl is loaded when the first SMTP notice goes out, not at start-up: linked normally it
// drags some thirty libraries (TLS, Kerberos, LDAP, ...) into every epb process, which would
// triple the start-up time of commands that never send mail (and cron runs many of those).
struct CurlApi {
  CURLcode (*global_init)(long) = nullptr;
  CURL* (*easy_init)() = nullptr;
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
  CURLcode (*easy_perform)(CURL*) = nullptr;
  void (*easy_cleanup)(CURL*) = nullptr;
  const char* (*easy_strerror)(CURLcode) = nullptr;
  curl_slist* (*slist_append)(curl_slist*, const char*) = nullptr;
  void (*slist_free_all)(curl_slist*) = nullptr;
  std::string error; // why it could not be loaded
};

template <class Function> void resolve(void* library, const char* name, Function& slot, std::string& error) {
  void* symbol = dlsym(library, name);
  if (!symbol && error.empty()) error = fmt::format("libcurl lacks {}", name);
  slot = reinterpret_cast<Function>(symbol);
}

// Loaded once; curl_global_init is not thread-safe, so it runs here too.
const CurlApi& curl_api() {
  static const CurlApi api = [] {
    CurlApi loaded;
    void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      loaded.error = fmt::format("cannot load libcurl (install libcurl4): {}", dlerror());
      return loaded;
    }
    resolve(library, "curl_global_init", loaded.global_init, loaded.error);
    resolve(library, "curl_easy_init", loaded.easy_init, loaded.error);
    resolve(library, "curl_easy_setopt", loaded.easy_setopt, loaded.error);
    resolve(library, "curl_easy_perform", loaded.easy_perform, loaded.error);
    resolve(library, "curl_easy_cleanup", loaded.easy_cleanup, loaded.error);
    resolve(library, "curl_easy_strerror", loaded.easy_strerror, loaded.error);
    resolve(library, "curl_slist_append", loaded.slist_append, loaded.error);
    resolve(library, "curl_slist_free_all", loaded.slist_free_all, loaded.error);
    if (loaded.error.empty()) loaded.global_init(CURL_GLOBAL_DEFAULT);
    return loaded;
  }();
  return api;
}

// Typed wrappers around the variadic curl_easy_setopt, so every call site is checked.
CURLcode set_long(CURL* curl, CURLoption option, long value) { return curl_api().easy_setopt(curl, option, value); }
CURLcode set_text(CURL* curl, CURLoption option, const char* value) {
  return curl_api().easy_setopt(curl, option, value);
}
CURLcode set_list(CURL* curl, CURLoption option, curl_slist* value) {
  return curl_api().easy_setopt(curl, option, value);
}
CURLcode set_size(CURL* curl, CURLoption option, curl_off_t value) {
  return curl_api().easy_setopt(curl, option, value);
}
CURLcode set_pointer(CURL* curl, CURLoption option, void* value) { return curl_api().easy_setopt(curl, option, value); }
CURLcode set_read_function(CURL* curl, curl_read_callback callback) {
  return curl_api().easy_setopt(curl, CURLOPT_READFUNCTION, callback);
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
  CURL* curl = curl_api().easy_init();
  curl_slist* recipients = nullptr;
  CurlHandle() = default;
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;
  ~CurlHandle() {
    curl_api().slist_free_all(recipients);
    if (curl != nullptr) curl_api().easy_cleanup(curl);
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
    if (!curl_api().error.empty()) return failure(curl_api().error);
    CurlHandle handle;
    if (handle.curl == nullptr) return failure("cannot start libcurl");
    const std::string message = rfc5322_message(notice, m_config.from);
    Upload upload{message};
    const std::string sender = "<" + std::string(address_of(m_config.from)) + ">";
    handle.recipients = curl_api().slist_append(nullptr, ("<" + notice.recipient + ">").c_str());
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
    if (code == CURLE_OK) code = curl_api().easy_perform(curl);
    if (code == CURLE_OK) return {};
    std::string why = curl_api().easy_strerror(code);
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
