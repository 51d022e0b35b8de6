#include "epb/io/output_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <streambuf>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

namespace epb {
namespace {

constexpr int k_max_symlinks = 40; // as the kernel's own limit

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Follows symlinks at the end of `path` (also dangling ones: writing through one would create
// the file it names). Links inside the directory part are followed by stat() on the directory.
std::string follow_symlinks(std::string path) {
  for (int hop = 0; hop < k_max_symlinks; ++hop) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
    std::string link(PATH_MAX, '\0');
    const ssize_t got = ::readlink(path.c_str(), link.data(), link.size());
    if (got <= 0) return path;
    link.resize(static_cast<std::size_t>(got));
    path = link.front() == '/' ? link : dir_of(path) + "/" + link;
  }
  return path;
}

std::string errno_text() { return std::strerror(errno); }

[[noreturn]] void refuse(std::string_view option, const std::string& path, std::string why) {
  throw ProblemError(Problem{Fault::invalid, fmt::format("{} {}", option, path), std::move(why)});
}

} // namespace

bool FileIdentity::same_file(const FileIdentity& other) const {
  if (exists && other.exists) return device == other.device && inode == other.inode;
  return located && other.located && dir_device == other.dir_device && dir_inode == other.dir_inode &&
         name == other.name;
}

FileIdentity identify_file(const std::string& path) {
  FileIdentity id;
  id.resolved = follow_symlinks(path);
  struct stat info {};
  if (::stat(id.resolved.c_str(), &info) == 0) {
    id.exists = true;
    id.device = info.st_dev;
    id.inode = info.st_ino;
  }
  // A directory yet to be made (`new/../x`) is taken as what it will be once made.
  std::error_code ec;
  const std::string directory = std::filesystem::weakly_canonical(dir_of(id.resolved), ec).string();
  struct stat dir {};
  if (!ec && ::stat(directory.c_str(), &dir) == 0 && S_ISDIR(dir.st_mode)) {
    id.located = true;
    id.dir_device = dir.st_dev;
    id.dir_inode = dir.st_ino;
    id.name = base_of(id.resolved);
  }
  return id;
}

void ProtectedFiles::add_ledger(const std::string& path) {
  if (path.empty() || path == ":memory:") return;
  add(path, "the ledger");
  // SQLite names its side files after the ledger with symlinks followed; cover both spellings.
  const std::string resolved = follow_symlinks(path);
  for (const char* suffix : {"-wal", "-shm", "-journal"})
    for (const auto& base : {path, resolved})
      add(base + suffix, fmt::format("the ledger's {} file", suffix));
}

void ProtectedFiles::add(const std::string& path, std::string what) {
  m_entries.push_back(Entry{identify_file(path), std::move(what)});
}

void ProtectedFiles::add_input(const std::string& path) {
  if (path != "-") return add(path, "an input of this command");
  struct stat info {};
  if (::fstat(STDIN_FILENO, &info) != 0 || !S_ISREG(info.st_mode)) return;
  FileIdentity id;
  id.exists = true;
  id.device = info.st_dev;
  id.inode = info.st_ino;
  m_entries.push_back(Entry{id, "the standard input of this command"});
}

Result<void> ProtectedFiles::check(std::string_view option, const std::string& target) const {
  const FileIdentity id = identify_file(target);
  for (const auto& entry : m_entries)
    if (id.same_file(entry.identity))
      return invalid(fmt::format("{} {}", option, target),
                     entry.identity.resolved.empty() // standard input has no name to show
                         ? fmt::format("is {}; epb never writes over it", entry.what)
                         : fmt::format("is {} ({}); epb never writes over it", entry.what, entry.identity.resolved));
  return {};
}

Result<void> check_output_path(std::string_view option, const std::string& path, const ProtectedFiles& protect,
                               const OutputOptions& options) {
  const auto refused = [&](std::string why) { return invalid(fmt::format("{} {}", option, path), std::move(why)); };
  if (path.empty()) return invalid(std::string(option), "an empty file name");
  if (auto checked = protect.check(option, path); !checked) return checked;
  const std::string target = follow_symlinks(path);
  struct stat info {};
  if (::stat(target.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return refused("is a directory");
    if (S_ISREG(info.st_mode)) {
      if (!options.replace) return refused("file exists (use --force to replace it)");
    } else if (options.regular_only || !(S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode))) {
      return refused("not a regular file");
    }
    return {};
  }
  if (errno != ENOENT && errno != ENOTDIR) return refused(errno_text());
  struct stat dir {};
  if (::stat(dir_of(target).c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode))
    return refused(fmt::format("no such directory {}", dir_of(target)));
  return {};
}

// Buffers writes to a file descriptor; remembers the first failure for commit() to report.
class OutputFile::Buffer final : public std::streambuf {
public:
  explicit Buffer(int fd) : m_fd(fd), m_data(1 << 16) { setp(m_data.data(), m_data.data() + m_data.size()); }

  bool flush_all() {
    for (const char* at = pbase(); at < pptr();) {
      const ssize_t wrote = ::write(m_fd, at, static_cast<std::size_t>(pptr() - at));
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote < 0) {
        if (m_error == 0) m_error = errno;
        break;
      }
      at += wrote;
    }
    setp(m_data.data(), m_data.data() + m_data.size());
    return m_error == 0;
  }
  int error() const { return m_error; }

protected:
  int_type overflow(int_type c) override {
    if (!flush_all()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return flush_all() ? 0 : -1; }

private:
  int m_fd;
  std::vector<char> m_data;
  int m_error = 0;
};

OutputFile::OutputFile(std::string option, std::string path, const ProtectedFiles& protect, OutputOptions options)
    : m_option(std::move(option)), m_path(std::move(path)), m_protect(protect), m_options(options) {
  value_or_throw(check_output_path(m_option, m_path, protect, options));
  m_target = follow_symlinks(m_path);
  struct stat info {};
  if (::stat(m_target.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
    m_fd = ::open(m_target.c_str(), O_WRONLY | O_CLOEXEC);
    if (m_fd < 0) refuse(m_option, m_path, errno_text());
  } else {
    std::string pattern = dir_of(m_target) + "/." + base_of(m_target) + ".epb-XXXXXX";
    m_fd = ::mkostemp(pattern.data(), O_CLOEXEC); // mode 0600
    if (m_fd < 0) {
      const int error = errno;
      const std::string why = fmt::format("cannot create a file in {}: {}", dir_of(m_target), errno_text());
      // A full disk (no block or inode left) is no fault of the caller's input: exit 1, not 3.
      if (error == ENOSPC || error == EDQUOT || error == EIO)
        throw Error(fmt::format("{} {}: {}", m_option, m_path, why));
      refuse(m_option, m_path, why);
    }
    m_temp = pattern;
    ::fchmod(m_fd, 0600);
  }
  m_buffer = std::make_unique<Buffer>(m_fd);
  m_stream = std::make_unique<std::ostream>(m_buffer.get());
}

OutputFile::~OutputFile() {
  if (!m_committed) discard();
}

std::ostream& OutputFile::stream() { return *m_stream; }

void OutputFile::discard() noexcept {
  if (m_fd >= 0) ::close(m_fd);
  m_fd = -1;
  if (!m_temp.empty()) {
    ::unlink(m_temp.c_str());
    ::unlink((m_temp + "-journal").c_str()); // left by SQLite only if it died while writing
  }
}

void OutputFile::fail(std::string why) {
  discard();
  m_committed = true;
  throw Error(fmt::format("{} {}: {}", m_option, m_path, why));
}

void OutputFile::sync() {
  if (m_committed) throw Error(fmt::format("{} {}: already written", m_option, m_path));
  m_stream->flush();
  if (!m_buffer->flush_all()) fail(fmt::format("cannot write: {}", std::strerror(m_buffer->error())));
  if (!m_temp.empty() && ::fsync(m_fd) != 0) fail(fmt::format("cannot save: {}", errno_text()));
}

void OutputFile::commit() {
  m_stream->flush();
  if (!m_buffer->flush_all()) fail(fmt::format("cannot write: {}", std::strerror(m_buffer->error())));
  if (m_temp.empty()) { // a device: nothing to rename
    ::close(m_fd);
    m_fd = -1;
    m_committed = true;
    return;
  }
  if (::fsync(m_fd) != 0) fail(fmt::format("cannot save: {}", errno_text()));
  if (::close(m_fd) != 0) {
    m_fd = -1;
    fail(fmt::format("cannot save: {}", errno_text()));
  }
  m_fd = -1;
  // Again at the last moment: the path may have changed since the check.
  if (auto again = check_output_path(m_option, m_path, m_protect, m_options); !again) {
    discard();
    m_committed = true;
    throw ProblemError(again.error());
  }
  if (m_options.replace) {
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0)
      fail(fmt::format("cannot rename into place: {}", errno_text()));
  } else {
    // link() fails if the name appeared meanwhile, where rename() would replace it. A file
    // system without hard links gets the rename, the check above having just passed.
    if (::link(m_temp.c_str(), m_target.c_str()) == 0)
      ::unlink(m_temp.c_str());
    else if (errno == EEXIST || ::rename(m_temp.c_str(), m_target.c_str()) != 0)
      fail(fmt::format("cannot create: {}", errno_text()));
  }
  m_committed = true;
  // The rename itself is durable only once the directory is synced.
  if (const int dir = ::open(dir_of(m_target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void create_private_directories(const std::string& path, std::string_view what) {
  if (path.empty()) return;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return;
    throw Error(fmt::format("{}: cannot create directory {}: not a directory", what, path), Fault::invalid);
  }
  const std::string parent = dir_of(path);
  if (parent != path && parent != "." && parent != "/") create_private_directories(parent, what);
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
    throw Error(fmt::format("{}: cannot create directory {}: {}", what, path, errno_text()));
}

} // namespace epb
