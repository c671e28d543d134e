// Small status helpers: abseil 20220623 (Debian 12) ships no status macros.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define DEVPLAN_CONCAT_INNER(a, b) a##b
#define DEVPLAN_CONCAT(a, b) DEVPLAN_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                       \
  do {                                              \
    if (absl::Status _st = (expr); !_st.ok()) {     \
      return _st;                                   \
    }                                               \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(var, lhs, rexpr) \
  auto var = (rexpr);                          \
  if (!var.ok()) return std::move(var).status(); \
  lhs = std::move(var).value()

#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL(DEVPLAN_CONCAT(_statusor_, __LINE__), lhs, rexpr)
