#pragma once
// Every file epb writes goes through here (rejects, backups, letters, JSON-lines outboxes, the
// demo's config), so that no spelling of a path can make epb write over its own ledger or over a
// file it is reading, and so that a file written whole appears whole or not at all.
#include "epb/core/error.hpp"

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace epb {

// What a path names on disk, whatever its spelling: the file's device and inode when it exists,
// and in any case (after following symlinks) its directory's device and inode plus its name,
// which also pins down a file that does not exist yet (a ledger's -wal before the first write).
struct FileIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  bool located = false; // the directory exists
  dev_t dir_device = 0;
  ino_t dir_inode = 0;
  std::string name;
  std::string resolved; // the path with every symlink followed

  bool same_file(const FileIdentity& other) const;
};
FileIdentity identify_file(const std::string& path);

// The files a command must never write to: its ledger with the -wal, -shm and -journal files
// SQLite keeps beside it (whether they exist yet or not), its configuration, its inputs.
class ProtectedFiles {
public:
  void add_ledger(const std::string& path);
  // `what` completes "is ...": "the input of this command", "the configuration in use".
  void add(const std::string& path, std::string what);
  // An input file; "-" is standard input, protected when it is redirected from a file.
  void add_input(const std::string& path);

  // A Problem naming `option` and `target` when the target is one of these files.
  Result<void> check(std::string_view option, const std::string& target) const;

private:
  struct Entry {
    FileIdentity identity;
    std::string what;
  };
  std::vector<Entry> m_entries;
};

struct OutputOptions {
  bool replace = false;      // an existing file is replaced; otherwise it is refused (--force)
  bool regular_only = false; // refuse a device or FIFO (a backup must be a real file)
};

// Checks an output path before anything is opened for writing: refused (Fault::invalid) when it
// is protected, a directory, in a directory that does not exist, or an existing file that may
// not be replaced. `option` names it in the message ("--rejects", "backup").
Result<void> check_output_path(std::string_view option, const std::string& path, const ProtectedFiles& protect,
                               const OutputOptions& options);

// A file written whole: to a temporary file (mode 0600) in the target's directory, fsynced and
// renamed into place by commit(). Destroyed uncommitted (a failure, an exception), it removes
// the temporary file and leaves an existing target as it was. A character device or FIFO
// (/dev/null, /dev/stdout) is written directly, as there is nothing to rename over.
class OutputFile {
public:
  // Throws ProblemError (exit 3) for a path check_output_path refuses, Error when the
  // temporary file cannot be created.
  OutputFile(std::string option, std::string path, const ProtectedFiles& protect, OutputOptions options = {});
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream();
  // Where the bytes go until commit(), for writers that open the file themselves (SQLite's
  // backup API). Empty for a device.
  const std::string& temp_path() const { return m_temp; }
  const std::string& path() const { return m_path; }
  // Writes out and fsyncs what the stream holds, for a caller that must know the bytes are on
  // disk before it commits something else (the ledger's record of the file). Throws Error (the
  // disk full, the file-size limit reached) and discards the file when that fails.
  void sync();
  // Flushes, fsyncs and renames the file into place. Throws Error when that fails; the target
  // is then as it was.
  void commit();

private:
  class Buffer;
  void discard() noexcept;
  [[noreturn]] void fail(std::string why);

  std::string m_option;
  std::string m_path;   // as given
  std::string m_target; // with symlinks followed: the name that is replaced
  std::string m_temp;
  const ProtectedFiles& m_protect;
  OutputOptions m_options;
  int m_fd = -1;
  bool m_committed = false;
  std::unique_ptr<Buffer> m_buffer;
  std::unique_ptr<std::ostream> m_stream;
};

// Creates the missing directories of `path` (itself included) with mode 0700: they hold
// ledgers, letters and rejects, i.e. personal data. Existing directories keep their mode.
// Throws Error naming `what` when one cannot be created.
void create_private_directories(const std::string& path, std::string_view what);

} // namespace epb
