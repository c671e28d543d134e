#include "services/devplanctl/text.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/common/dates.h"

namespace devplan::ctl {
namespace {

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes decode as themselves.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

bool IsZeroWidth(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || c == 0x200B || c == 0x200D || c == 0xFEFF ||
         (c >= 0xFE00 && c <= 0xFE0F);
}

std::string WithCommas(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    out += digits[i];
    if ((n - i - 1) % 3 == 0 && i != n - 1) out += ',';
  }
  return v < 0 ? "-" + out : out;
}

// Replaces fullwidth digits and punctuation people type in Chinese input methods.
std::string AsciiDigits(std::string_view s) {
  return absl::StrReplaceAll(std::string(s), {{"０", "0"}, {"１", "1"}, {"２", "2"}, {"３", "3"},
                                 {"４", "4"}, {"５", "5"}, {"６", "6"}, {"７", "7"},
                                 {"８", "8"}, {"９", "9"}, {"．", "."}, {"，", ","},
                                 {"－", "-"}, {"／", "/"}});
}

}  // namespace

int DisplayWidth(std::string_view s) {
  int w = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t c = NextCodePoint(s, i);
    if (IsZeroWidth(c)) continue;
    w += IsWide(c) ? 2 : 1;
  }
  return w;
}

std::string PadRight(std::string_view s, int width) {
  std::string out(s);
  int w = DisplayWidth(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string PadLeft(std::string_view s, int width) {
  int w = DisplayWidth(s);
  std::string out;
  if (w < width) out.append(width - w, ' ');
  out += s;
  return out;
}

std::string FitWidth(std::string_view s, int width) {
  if (DisplayWidth(s) <= width) return std::string(s);
  std::string out;
  int w = 0;
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t c = NextCodePoint(s, i);
    int cw = IsZeroWidth(c) ? 0 : IsWide(c) ? 2 : 1;
    if (w + cw > width - 1) break;
    out.append(s.substr(start, i - start));
    w += cw;
  }
  return out + "…";
}

std::string FormatYi(double yuan) { return absl::StrFormat("%.2f亿元", yuan / 1e8); }

std::string FormatCount(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return WithCommas(static_cast<int64_t>(std::round(v)));
  return absl::StrFormat("%.2f", v);
}

std::string FormatValue(double v, v1::Unit unit) {
  switch (unit) {
    case v1::UNIT_YUAN: return FormatYi(v);
    case v1::UNIT_PERCENT: return absl::StrFormat("%.1f%%", v);
    case v1::UNIT_DAYS: return FormatCount(v) + "天";
    case v1::UNIT_PERSON_TIMES: return FormatCount(v) + "人次";
    case v1::UNIT_MILESTONE: return v >= 1 ? "done" : "not yet";
    case v1::UNIT_UG_PER_M3: return absl::StrFormat("%.1fµg/m³", v);
    default: return FormatCount(v);
  }
}

std::string StatusKey(v1::IndicatorStatus s) {
  std::string name = v1::IndicatorStatus_Name(s);
  return absl::StrReplaceAll(name, {{"INDICATOR_STATUS_", ""}});
}

std::string StatusZh(v1::IndicatorStatus s) {
  switch (s) {
    case v1::INDICATOR_STATUS_MET: return "已完成";
    case v1::INDICATOR_STATUS_DONE_LATE: return "逾期完成";
    case v1::INDICATOR_STATUS_ON_TRACK: return "序时推进";
    case v1::INDICATOR_STATUS_AT_RISK: return "有风险";
    case v1::INDICATOR_STATUS_BEHIND: return "滞后";
    case v1::INDICATOR_STATUS_NO_DATA: return "无数据";
    case v1::INDICATOR_STATUS_STALE: return "数据过期";
    case v1::INDICATOR_STATUS_UNAVAILABLE: return "服务不可用";
    default: return "未知";
  }
}

std::string AreaZh(v1::Area a) {
  switch (a) {
    case v1::AREA_ECONOMY: return "经济运行";
    case v1::AREA_PROJECTS: return "项目建设";
    case v1::AREA_VITALITY: return "发展活力";
    case v1::AREA_ECOLOGY: return "生态环境";
    case v1::AREA_URBAN_RURAL: return "城乡融合";
    case v1::AREA_LIVELIHOOD: return "民生保障";
    default: return "其他";
  }
}

std::string AreaEn(v1::Area a) {
  switch (a) {
    case v1::AREA_ECONOMY: return "Economy";
    case v1::AREA_PROJECTS: return "Projects";
    case v1::AREA_VITALITY: return "Vitality";
    case v1::AREA_ECOLOGY: return "Ecology";
    case v1::AREA_URBAN_RURAL: return "Urban-rural";
    case v1::AREA_LIVELIHOOD: return "Livelihood";
    default: return "Other";
  }
}

std::string AreaKey(v1::Area a) {
  return absl::StrReplaceAll(v1::Area_Name(a), {{"AREA_", ""}});
}

std::string FormatDate(const v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::string Trim(std::string_view s) {
  std::string out(absl::StripAsciiWhitespace(std::string(s)));
  const std::string ideographic = "\u3000";
  while (out.size() >= 3 && out.compare(0, 3, ideographic) == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, ideographic) == 0) out.resize(out.size() - 3);
  return std::string(absl::StripAsciiWhitespace(out));
}

std::string NormalizeKey(std::string_view s) {
  std::string t = absl::StrReplaceAll(Trim(s), {{"（", "("}, {"）", ")"}, {"\u3000", ""}});
  std::string out;
  for (char c : t) {
    if (c == ' ' || c == '_' || c == '-' || c == '\t') continue;
    out += absl::ascii_tolower(static_cast<unsigned char>(c));
  }
  return out;
}

absl::StatusOr<v1::Date> ParseDate(std::string_view raw) {
  std::string s = AsciiDigits(Trim(raw));
  std::string t = absl::StrReplaceAll(s, {{"年", "-"}, {"月", "-"}, {"日", ""}, {"/", "-"},
                                          {".", "-"}});
  std::vector<std::string> parts = absl::StrSplit(t, '-');
  int y = 0, m = 0, d = 0;
  bool ok = false;
  if (parts.size() == 3) {
    ok = absl::SimpleAtoi(parts[0], &y) && absl::SimpleAtoi(parts[1], &m) &&
         absl::SimpleAtoi(parts[2], &d);
  } else if (parts.size() == 1 && t.size() == 8) {
    ok = absl::SimpleAtoi(t.substr(0, 4), &y) && absl::SimpleAtoi(t.substr(4, 2), &m) &&
         absl::SimpleAtoi(t.substr(6, 2), &d);
  }
  if (!ok) return absl::InvalidArgumentError(absl::StrCat("\"", s, "\" is not a date (use YYYY-MM-DD)"));
  v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  absl::StatusOr<absl::CivilDay> civil = ToCivilDay(date, "date");
  if (!civil.ok()) return absl::InvalidArgumentError(absl::StrCat("\"", s, "\" is not a calendar day"));
  return date;
}

absl::StatusOr<v1::Date> ParseMonth(std::string_view raw) {
  std::string s = AsciiDigits(Trim(raw));
  std::string t = absl::StrReplaceAll(s, {{"年", "-"}, {"月", ""}, {"/", "-"}, {".", "-"}});
  std::vector<std::string> parts = absl::StrSplit(t, '-', absl::SkipEmpty());
  int y = 0, m = 0;
  bool ok = false;
  if (parts.size() == 2) {
    ok = absl::SimpleAtoi(parts[0], &y) && absl::SimpleAtoi(parts[1], &m);
  } else if (parts.size() == 3) {
    absl::StatusOr<v1::Date> d = ParseDate(s);
    if (!d.ok()) return d.status();
    y = d->year();
    m = d->month();
    ok = true;
  } else if (parts.size() == 1 && t.size() == 6) {
    ok = absl::SimpleAtoi(t.substr(0, 4), &y) && absl::SimpleAtoi(t.substr(4, 2), &m);
  }
  if (!ok || m < 1 || m > 12 || y < 1949 || y > 2100) {
    return absl::InvalidArgumentError(absl::StrCat("\"", s, "\" is not a month (use YYYY-MM)"));
  }
  v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(1);
  return date;
}

absl::StatusOr<int64_t> ParseInt(std::string_view raw) {
  std::string s = absl::StrReplaceAll(AsciiDigits(Trim(raw)), {{",", ""}});
  int64_t v = 0;
  if (!absl::SimpleAtoi(s, &v)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", Trim(raw), "\" is not a whole number"));
  }
  return v;
}

absl::StatusOr<double> ParseDouble(std::string_view raw) {
  std::string s = absl::StrReplaceAll(AsciiDigits(Trim(raw)), {{",", ""}, {"%", ""}});
  double v = 0;
  if (!absl::SimpleAtod(s, &v) || !std::isfinite(v)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", Trim(raw), "\" is not a number"));
  }
  return v;
}

absl::StatusOr<int64_t> ParseMoney(std::string_view raw, int64_t multiplier) {
  std::string s = absl::StrReplaceAll(AsciiDigits(Trim(raw)), {{",", ""}});
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("\"", Trim(raw), "\" ", why));
  };
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.erase(0, 1);
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return bad("is not an amount");
  for (char c : whole + frac) {
    if (c < '0' || c > '9') return bad("is not an amount");
  }
  int scale_digits = 0;
  for (int64_t m = multiplier; m >= 10; m /= 10) ++scale_digits;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (static_cast<int>(frac.size()) > scale_digits) return bad("is not a whole number of yuan");
  if (whole.size() > 13) return bad("is too large");
  int64_t w = whole.empty() ? 0 : std::stoll(whole);
  int64_t f = 0;
  if (!frac.empty()) {
    f = std::stoll(frac);
    for (int k = static_cast<int>(frac.size()); k < scale_digits; ++k) f *= 10;
  }
  if (w > INT64_MAX / multiplier / 2) return bad("is too large");
  int64_t v = w * multiplier + f;
  return negative ? -v : v;
}

absl::StatusOr<bool> ParseBool(std::string_view raw) {
  std::string s = NormalizeKey(raw);
  if (s == "是" || s == "yes" || s == "y" || s == "true" || s == "1" || s == "√" || s == "✓") return true;
  if (s == "否" || s == "no" || s == "n" || s == "false" || s == "0" || s == "×" || s.empty()) return false;
  return absl::InvalidArgumentError(absl::StrCat("\"", Trim(raw), "\" is not yes/no (是/否)"));
}

std::string ContentHash(std::string_view s) {
  uint64_t a = 1469598103934665603ULL, b = 0x84222325cbf29ce4ULL ^ 0x9e3779b97f4a7c15ULL;
  for (unsigned char c : s) {
    a = (a ^ c) * 1099511628211ULL;
    b = (b ^ c) * 0x100000001b3ULL;
    b ^= b >> 29;
  }
  return absl::StrFormat("%016x%016x", a, b);
}

}  // namespace devplan::ctl
