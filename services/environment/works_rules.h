// Works (treatment projects, greening, parks, model villages, source protection, sewer
// renewal, surveys) and key construction-land plots: input checks and the as-of rules the
// metrics use. Pure functions.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/environment.pb.h"

namespace devplan::environment {

// A work to be stored, as of `today`: id, district, kind, title, milestone, dates (none in the
// future, completion not before the start and only after one), progress 0..100.
absl::Status ValidateWork(const v1::Work& work, absl::CivilDay today);

// A plot to be stored, as of `today`: id, district, title, area, survey date and result
// together, risk control only after a survey that asked for it, no date in the future.
absl::Status ValidatePlot(const v1::Plot& plot, absl::CivilDay today);

// Started (开工) in as_of's year, on or before as_of.
bool StartedInYearBy(const v1::Work& work, absl::CivilDay as_of);
// Completed in as_of's year, on or before as_of.
bool CompletedInYearBy(const v1::Work& work, absl::CivilDay as_of);
// Completed on or before as_of, whatever the year (a milestone reached stays reached).
bool CompletedBy(const v1::Work& work, absl::CivilDay as_of);
// Started (开工) on or before as_of.
bool StartedBy(const v1::Work& work, absl::CivilDay as_of);

// A plot developed (put to use) in as_of's year on or before as_of needs safe use. It was
// used safely when, by its development date, the survey had been completed and either met
// GB 36600 for the planned use or risk control / remediation had reached its goals.
bool NeedsSafeUse(const v1::Plot& plot, absl::CivilDay as_of);
bool SafelyUsed(const v1::Plot& plot);

std::string WorkName(const std::string& district, const std::string& id);
std::string PlotName(const std::string& district, const std::string& id);

}  // namespace devplan::environment
