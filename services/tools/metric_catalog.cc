// metric_catalog: prints every metric definition the three domain services serve (what their
// ListMetricDefinitions answers, page by page) as one devplan.v1.ListMetricDefinitionsResponse,
// in protobuf text format (default) or JSON, without starting a service or Redis.
// scripts/plan_docs.py and scripts/check_plan.py read it to document and check the plans
// against the definitions the code actually serves.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include "services/common/metrics_contract.h"
#include "services/environment/environment_metrics.h"
#include "services/investment/investment_metrics.h"
#include "services/social/social_metrics.h"

namespace {

namespace v1 = devplan::v1;

// Appends every definition of `catalog` to `out` through List, as a client would page.
bool AppendAll(const devplan::MetricCatalog& catalog, v1::ListMetricDefinitionsResponse& out) {
  v1::ListMetricDefinitionsRequest request;
  request.set_page_size(1000);
  do {
    absl::StatusOr<v1::ListMetricDefinitionsResponse> page = catalog.List(request);
    if (!page.ok()) {
      std::cerr << "metric_catalog: " << page.status() << "\n";
      return false;
    }
    for (const v1::MetricDefinition& d : page->definitions()) *out.add_definitions() = d;
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0) {
      json = true;
    } else {
      std::cerr << "usage: metric_catalog [--json]\n"
                   "Prints the metric definitions of the investment, environment and social\n"
                   "services as a devplan.v1.ListMetricDefinitionsResponse (text format, or\n"
                   "JSON with --json) on stdout.\n";
      return std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0 ? 0 : 2;
    }
  }
  v1::ListMetricDefinitionsResponse all;
  if (!AppendAll(devplan::investment::InvestmentMetrics().catalog(), all) ||
      !AppendAll(devplan::environment::EnvironmentMetrics().catalog(), all) ||
      !AppendAll(devplan::social::SocialMetrics().catalog(), all)) {
    return 1;
  }
  std::string out;
  if (json) {
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    if (!google::protobuf::util::MessageToJsonString(all, &out, options).ok()) return 1;
  } else {
    // Chinese names and descriptions stay readable (UTF-8, not octal escapes).
    google::protobuf::TextFormat::Printer printer;
    printer.SetUseUtf8StringEscaping(true);
    if (!printer.PrintToString(all, &out)) return 1;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
