// Text helpers of devplanctl: display width of Chinese text, values in their units (money
// as 亿元), names of statuses and areas, and the parsers of cell values (dates, money,
// numbers, yes/no) that CSV rows and flags share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "devplan/v1/common.pb.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::ctl {

// Terminal columns of UTF-8 text: East Asian wide and fullwidth characters (CJK, kana,
// hangul, fullwidth forms) take 2, combining marks 0, everything else 1.
int DisplayWidth(std::string_view s);
// Pads with spaces to `width` columns (never cuts).
std::string PadRight(std::string_view s, int width);
std::string PadLeft(std::string_view s, int width);
// Cuts at a character boundary so the result takes at most `width` columns ("…" marks a cut).
std::string FitWidth(std::string_view s, int width);

// 1,234,567,890 yuan → "12.35亿元".
std::string FormatYi(double yuan);
// A value in an indicator's unit: 亿元, "7.2%", "226天", "done"/"not yet", counts with commas.
std::string FormatValue(double v, v1::Unit unit);
std::string FormatCount(double v);

std::string StatusKey(v1::IndicatorStatus s);   // "ON_TRACK"
std::string StatusZh(v1::IndicatorStatus s);    // "序时推进"
std::string AreaZh(v1::Area a);                 // "经济运行"
std::string AreaEn(v1::Area a);                 // "Economy"
std::string AreaKey(v1::Area a);                // "ECONOMY"

std::string FormatDate(const v1::Date& d);      // "2024-09-30"

// "2024-09-30", "2024/9/30", "2024年9月30日", "20240930" → a real calendar day.
absl::StatusOr<v1::Date> ParseDate(std::string_view s);
// "2024-03", "2024/3", "2024年3月", "202403", or a full date (its month) → day 1 of it.
absl::StatusOr<v1::Date> ParseMonth(std::string_view s);
// Whole number with optional thousands separators.
absl::StatusOr<int64_t> ParseInt(std::string_view s);
absl::StatusOr<double> ParseDouble(std::string_view s);
// A decimal amount in a unit of `multiplier` yuan (1 元, 10000 万元, 100000000 亿元) →
// integer yuan, exactly (no floating point); refused if it is not a whole number of yuan.
absl::StatusOr<int64_t> ParseMoney(std::string_view s, int64_t multiplier);
// 是/否, yes/no, true/false, y/n, 1/0, √/×.
absl::StatusOr<bool> ParseBool(std::string_view s);

// Trims ASCII whitespace and U+3000 (ideographic space).
std::string Trim(std::string_view s);
// The key a header or an enum word is matched by: trimmed, ASCII lower-case, fullwidth
// parentheses as ASCII, spaces, '-' and '_' removed.
std::string NormalizeKey(std::string_view s);

// Stable 128-bit hash as 32 hex digits (two FNV-1a 64 lanes): request ids from content.
std::string ContentHash(std::string_view s);

}  // namespace devplan::ctl
