#pragma once
// Two kinds of failure (STYLE.md rule 4):
// - expected ones (bad input, not found) travel as values in Result<T>;
// - real ones (I/O, SQLite, a corrupt or too-new ledger) are exceptions derived from epb::Error.
// Only cmd/main.cpp catches, and it maps both to exit codes.
#include <expected>
#include <stdexcept>
#include <string>
#include <utility>

namespace epb {

// The exit code a failure maps to is part of the contract (DESIGN.md "Exit codes").
enum class Fault {
  failure = 1,   // something broke that is not the caller's fault
  usage = 2,     // the command line itself is wrong
  invalid = 3,   // input was rejected; nothing was written
  not_found = 4, // the thing asked for does not exist (or may not be revealed)
};

// An expected failure: `what` names the subject, `why` explains.
// Rendered as "epb: error: <what>: <why>".
struct Problem {
  Fault fault = Fault::invalid;
  std::string what;
  std::string why;

  std::string message() const { return what.empty() ? why : what + ": " + why; }
};

template <class T> using Result = std::expected<T, Problem>;

inline std::unexpected<Problem> invalid(std::string what, std::string why) {
  return std::unexpected(Problem{Fault::invalid, std::move(what), std::move(why)});
}
inline std::unexpected<Problem> not_found(std::string what, std::string why = "not found") {
  return std::unexpected(Problem{Fault::not_found, std::move(what), std::move(why)});
}

// A real failure. Derived classes only refine the message; the exit code is `fault()`.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message, Fault fault = Fault::failure)
      : std::runtime_error(message), m_fault(fault) {}
  Fault fault() const noexcept { return m_fault; }

private:
  Fault m_fault;
};

// Thrown by cmd/ to carry an expected Problem up to main's single catch.
class ProblemError : public Error {
public:
  explicit ProblemError(Problem problem) : Error(problem.message(), problem.fault), m_problem(std::move(problem)) {}
  const Problem& problem() const noexcept { return m_problem; }

private:
  Problem m_problem;
};

// Unwraps a Result, turning its Problem into an exception for main to report.
template <class T> T value_or_throw(Result<T> result) {
  if (!result) throw ProblemError(std::move(result.error()));
  if constexpr (!std::is_void_v<T>) return std::move(*result);
}

} // namespace epb
