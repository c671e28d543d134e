// fuzz_seeds: writes (or checks) the generated part of the seed corpus (tests/fuzz/corpus/):
// for fuzz_requests one input per RPC, named after it
// (fuzz_requests/devplan.v1.InvestmentService.GetMetrics); for fuzz_aqi and fuzz_hourly a few
// requests, since their inputs are serialized protobuf too. The other targets' seeds are
// written by hand or are the project's own files (see scripts/fuzz.sh).
// Each request is filled by field name with values that pass the shared checks (district
// 410108, dates of 2024, a reporting department, ids of the SAMPLE data's form), so the fuzzer
// starts from requests that reach each handler's own validation and its Redis work. The
// PutPlan seed holds the first indicators of the real plan. Deterministic: the same build
// writes the same bytes. A test fails while an RPC has no seed or a seed's first byte picks
// another RPC (an RPC was added: the order is by name).
//
//   fuzz_seeds --write CORPUS PLAN.textproto   (re)writes CORPUS/fuzz_requests, fuzz_aqi, fuzz_hourly
//   fuzz_seeds --check CORPUS PLAN.textproto   exit 1 when an RPC has no seed or the wrong one
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.pb.h"
#include "devplan/v1/scorecard.pb.h"
#include "tests/fuzz/fuzz_methods.h"

namespace {

namespace pb = google::protobuf;
namespace v1 = devplan::v1;

// The resource name a Get/Update/Finish/Record method takes, by the noun in its name.
const std::map<std::string, std::string>& Names() {
  static const auto* names = new std::map<std::string, std::string>{
      {"Project", "districts/410108/projects/P-001"},
      {"PromotionEvent", "districts/410108/promotionEvents/E-001"},
      {"EconomicFigure", "districts/410108/economicFigures/gdp_growth/periods/2024-06"},
      {"Station", "districts/410108/stations/S-001"},
      {"AirQualityDay", "districts/410108/airQualityDays/2024-06-30"},
      {"Facility", "districts/410108/facilities/F-001"},
      {"FacilityStep", "districts/410108/facilities/F-001"},
      {"Event", "districts/410108/events/EV-001"},
      {"MonthlyFigure", "districts/410108/monthlyFigures/SOCIAL_INDICATOR_NEW_URBAN_JOBS/2024-06"},
      {"Plan", "districts/410108/plans/2024"},
      {"WaterBody", "districts/410108/waterBodies/W-001"},
  };
  return *names;
}

std::string NameFor(const std::string& method) {
  for (const char* verb : {"Get", "Update", "Finish", "Record", "Assess"}) {
    if (absl::StartsWith(method, verb)) {
      auto it = Names().find(method.substr(std::strlen(verb)));
      if (it != Names().end()) return it->second;
    }
  }
  return "districts/410108";
}

std::string StringFor(const pb::FieldDescriptor& f, const std::string& method) {
  const std::string& n = f.name();
  if (n == "district" || n == "districts") return "410108";
  if (n == "reported_by" || n == "lead_department") return "区统计局";
  if (n == "request_id") return "seed-" + method;
  if (n == "name") return NameFor(method);
  if (n == "parent") return "districts/410108";
  if (n == "page_token" || n == "correction_reason") return "";
  if (n == "station_id") return "S-001";
  if (n == "project_id") return "P-001";
  if (n == "facility_id") return "F-001";
  if (n == "event_id") return "EV-001";
  if (n == "water_body_id") return "W-001";
  if (n == "work_id") return "WK-001";
  if (n == "point_id") return "PT-001";
  if (n == "keys" || n == "key") return "investment.key_projects_under_way";
  if (absl::EndsWith(n, "_id") || absl::EndsWith(n, "_ids")) return "X-001";
  if (n == "primary_pollutants") return "PM2.5";
  if (absl::EndsWith(n, "_zh")) return "样例";
  return "seed";
}

int64_t IntegerFor(const pb::FieldDescriptor& f) {
  const std::string& n = f.name();
  if (n == "year") return 2024;
  if (n == "month") return 6;
  if (n == "day") return 30;
  if (n == "hour") return 9;
  if (n == "page_size") return 10;
  if (n == "aqi") return 80;
  if (n == "version" || n == "plan_version") return 0;
  if (absl::EndsWith(n, "_yuan")) return 1000000;
  return 1;
}

void Fill(pb::Message& m, const std::string& method, int depth);

void FillField(pb::Message& m, const pb::FieldDescriptor& f, const std::string& method, int depth) {
  const pb::Reflection& r = *m.GetReflection();
  const bool rep = f.is_repeated();
  switch (f.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING: {
      const std::string v = StringFor(f, method);
      if (v.empty()) return;
      if (f.type() == pb::FieldDescriptor::TYPE_BYTES) return;
      rep ? r.AddString(&m, &f, v) : r.SetString(&m, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_INT32:
      rep ? r.AddInt32(&m, &f, static_cast<int32_t>(IntegerFor(f)))
          : r.SetInt32(&m, &f, static_cast<int32_t>(IntegerFor(f)));
      return;
    case pb::FieldDescriptor::CPPTYPE_INT64:
      rep ? r.AddInt64(&m, &f, IntegerFor(f)) : r.SetInt64(&m, &f, IntegerFor(f));
      return;
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return;  // validate_only: its own seeds (Seeds)
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      rep ? r.AddDouble(&m, &f, 12.5) : r.SetDouble(&m, &f, 12.5);
      return;
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      rep ? r.AddFloat(&m, &f, 12.5f) : r.SetFloat(&m, &f, 12.5f);
      return;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* v = f.enum_type()->FindValueByNumber(1);
      if (v == nullptr) return;
      rep ? r.AddEnum(&m, &f, v) : r.SetEnum(&m, &f, v);
      return;
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      const std::string& type = f.message_type()->full_name();
      if (absl::StartsWith(type, "google.protobuf.") || depth >= 3) return;
      pb::Message* child = rep ? r.AddMessage(&m, &f) : r.MutableMessage(&m, &f);
      if (type == "devplan.v1.Date") {
        auto* d = static_cast<v1::Date*>(child);
        d->set_year(2024);
        d->set_month(6);
        d->set_day(30);
        return;
      }
      Fill(*child, method, depth + 1);
      return;
    }
  }
}

void Fill(pb::Message& m, const std::string& method, int depth) {
  const pb::Descriptor& d = *m.GetDescriptor();
  std::set<const pb::OneofDescriptor*> oneofs_set;
  for (int i = 0; i < d.field_count(); ++i) {
    const pb::FieldDescriptor& f = *d.field(i);
    // One member of a oneof: the first.
    if (const pb::OneofDescriptor* o = f.real_containing_oneof(); o != nullptr) {
      if (!oneofs_set.insert(o).second) continue;
    }
    FillField(m, f, method, depth);
  }
}

std::string Serialize(const pb::Message& m) {
  std::string out;
  pb::io::StringOutputStream stream(&out);
  pb::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

// The plan's first few indicators: enough to reach every check of PutPlan and to give the
// scorecard RPCs a plan to work on, small enough to mutate quickly.
bool SmallPlan(const std::string& path, v1::Plan* plan) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || !pb::TextFormat::ParseFromString(text.str(), plan)) return false;
  while (plan->indicators_size() > 3) plan->mutable_indicators()->RemoveLast();
  return true;
}

std::map<std::string, std::string> Seeds(const v1::Plan& plan) {
  std::map<std::string, std::string> seeds;
  pb::DynamicMessageFactory factory;
  const auto& methods = devplan::fuzz::FuzzedMethods();
  for (size_t i = 0; i < methods.size(); ++i) {
    const pb::MethodDescriptor& m = *methods[i].descriptor;
    const pb::Message* prototype =
        pb::MessageFactory::generated_factory()->GetPrototype(m.input_type());
    std::unique_ptr<pb::Message> request(prototype->New());
    Fill(*request, m.name(), 0);
    if (m.name() == "PutPlan") {
      *static_cast<v1::PutPlanRequest*>(request.get())->mutable_plan() = plan;
    }
    std::vector<std::string> messages = {Serialize(*request)};
    if (m.client_streaming()) {
      // A later message of the stream: readings only, the header left empty.
      std::unique_ptr<pb::Message> more(prototype->New());
      Fill(*more, m.name(), 0);
      const pb::Descriptor& d = *more->GetDescriptor();
      for (int f = 0; f < d.field_count(); ++f) {
        if (!d.field(f)->is_repeated()) more->GetReflection()->ClearField(more.get(), d.field(f));
      }
      messages.push_back(Serialize(*more));
    }
    seeds[m.full_name()] = devplan::fuzz::JoinInput(i, messages);
    // A write also rehearsed (AIP-163 validate_only): the write script's check-only branch.
    if (const pb::FieldDescriptor* v = m.input_type()->FindFieldByName("validate_only")) {
      request->GetReflection()->SetBool(request.get(), v, true);
      messages[0] = Serialize(*request);
      seeds[m.full_name() + ".validate_only"] = devplan::fuzz::JoinInput(i, messages);
    }
  }
  return seeds;
}

v1::ComputeAqiRequest Aqi(int year, std::initializer_list<std::pair<int, double>> values) {
  v1::ComputeAqiRequest r;
  r.mutable_date()->set_year(year);
  r.mutable_date()->set_month(6);
  r.mutable_date()->set_day(30);
  const pb::Reflection& reflection = *r.concentrations().GetReflection();
  for (const auto& [field, value] : values) {
    reflection.SetDouble(r.mutable_concentrations(),
                         r.concentrations().GetDescriptor()->FindFieldByNumber(field), value);
  }
  return r;
}

// Both editions of HJ 633 (2012 until 2025, 2026 after), a full day, a day with an item
// missing, and values at and beyond the top breakpoints.
std::map<std::string, std::string> AqiSeeds() {
  return {
      {"full-2024", Serialize(Aqi(2024, {{1, 8}, {2, 30}, {3, 85}, {4, 52}, {5, 0.9}, {6, 160}, {7, 140}}))},
      {"full-2026", Serialize(Aqi(2026, {{1, 8}, {2, 30}, {3, 85}, {4, 52}, {5, 0.9}, {7, 140}}))},
      {"missing-pm25-2026", Serialize(Aqi(2026, {{1, 8}, {2, 30}, {3, 300}, {5, 0.9}, {7, 140}}))},
      {"beyond-2024", Serialize(Aqi(2024, {{1, 2700}, {2, 950}, {3, 650}, {4, 520}, {5, 70}, {6, 1300}, {7, 850}}))},
      {"halves-2026", Serialize(Aqi(2026, {{1, 0.5}, {2, 1.5}, {3, 2.5}, {4, 35.5}, {5, 0.45}, {7, 100.5}}))},
  };
}

// fuzz_hourly's input: the first message's length (2 bytes, little endian), the first
// message (header and readings), the second (readings only).
std::map<std::string, std::string> HourlySeeds() {
  auto reading = [](const char* station, int day, int hour, double pm25) {
    v1::HourlyReading r;
    r.set_station_id(station);
    r.mutable_date()->set_year(2024);
    r.mutable_date()->set_month(6);
    r.mutable_date()->set_day(day);
    r.set_hour(hour);
    r.mutable_concentrations()->set_pm25(pm25);
    r.mutable_concentrations()->set_pm10(pm25 * 1.6);
    r.mutable_concentrations()->set_co(0.8);
    return r;
  };
  v1::SubmitHourlyReadingsRequest first;
  first.set_district("410108");
  first.set_year(2024);
  first.set_reported_by("郑州市生态环境局惠济分局");
  *first.add_readings() = reading("S-001", 30, 0, 35);
  *first.add_readings() = reading("S-002", 30, 23, 2999);
  v1::SubmitHourlyReadingsRequest second;
  *second.add_readings() = reading("HJ-01", 1, 5, 12.5);
  v1::SubmitHourlyReadingsRequest other = second;
  other.set_district("410102");
  auto join = [](const std::string& a, const std::string& b) {
    std::string out = {static_cast<char>(a.size() & 0xFF), static_cast<char>(a.size() >> 8)};
    return out + a + b;
  };
  return {{"stream", join(Serialize(first), Serialize(second))},
          {"other-district", join(Serialize(first), Serialize(other))},
          {"one-request", join(Serialize(first), "")}};
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::strcmp(argv[1], "--write") != 0 && std::strcmp(argv[1], "--check") != 0)) {
    std::fprintf(stderr, "usage: fuzz_seeds --write|--check CORPUS_DIR PLAN.textproto\n");
    return 2;
  }
  const bool write = std::strcmp(argv[1], "--write") == 0;
  const std::filesystem::path root = argv[2];
  const std::filesystem::path dir = root / "fuzz_requests";
  v1::Plan plan;
  if (!SmallPlan(argv[3], &plan)) {
    std::fprintf(stderr, "fuzz_seeds: cannot read the plan %s\n", argv[3]);
    return 2;
  }
  const std::map<std::string, std::string> seeds = Seeds(plan);
  std::set<std::string> present;
  if (std::filesystem::is_directory(dir)) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      present.insert(e.path().filename().string());
    }
  }
  int differences = 0;
  for (const auto& [name, bytes] : seeds) {
    present.erase(name);
    if (write) {
      std::filesystem::create_directories(dir);
      std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << bytes;
      continue;
    }
    // The contents are the fuzzer's to vary; what must hold is that each RPC has a seed and
    // that its first byte still picks that RPC (a new RPC shifts the order).
    const std::string current = ReadFile(dir / name);
    if (current.empty() || current[0] != bytes[0]) {
      std::fprintf(stderr, "fuzz_seeds: %s is missing or picks another RPC\n", name.c_str());
      ++differences;
    }
  }
  for (const std::string& stale : present) {
    if (write) {
      std::filesystem::remove(dir / stale);
    } else {
      std::fprintf(stderr, "fuzz_seeds: %s is no RPC's seed\n", stale.c_str());
      ++differences;
    }
  }
  if (write) {
    for (const auto& [target, files] :
         {std::pair{"fuzz_aqi", AqiSeeds()}, std::pair{"fuzz_hourly", HourlySeeds()}}) {
      std::filesystem::create_directories(root / target);
      for (const auto& [name, bytes] : files) {
        std::ofstream(root / target / name, std::ios::binary | std::ios::trunc) << bytes;
      }
    }
  }
  if (differences > 0) {
    std::fprintf(stderr, "fuzz_seeds: run scripts/fuzz.sh --seeds to rewrite %s\n", root.c_str());
    return 1;
  }
  std::printf("fuzz_seeds: %zu RPC seeds %s\n", seeds.size(), write ? "written" : "up to date");
  return 0;
}
