#include "services/investment/investment_metrics.h"

#include "services/investment/metric_rules.h"

namespace devplan::investment {
namespace {

bool Any(const v1::Project&) { return true; }
bool Key(const v1::Project& p) { return p.key_project(); }
bool Industrial(const v1::Project& p) { return p.category() == v1::PROJECT_CATEGORY_INDUSTRIAL; }
bool UrbanRenewal(const v1::Project& p) { return p.category() == v1::PROJECT_CATEGORY_URBAN_RENEWAL; }
bool ThreeBatch(const v1::Project& p) { return p.three_batch(); }

void DefineProjects(MetricSet<InvestmentFacts>& set) {
  set.Define(AcceptsMembers(MetricDef("investment.key_projects_under_way", "重点项目推进建设数",
                       "Key projects under construction", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Key projects (重点项目) started (开工) on or before as_of and not "
                       "completed before 1 January of the as-of year.")),
             ProjectTotal("key projects started on or before as_of and not completed before the year",
                          UnderWay(Key), One, v1::UNIT_COUNT));
  set.Define(AcceptsMembers(MetricDef("investment.key_projects_investment_ytd", "重点项目年度完成投资",
                       "Key projects' investment completed this year", v1::UNIT_YUAN,
                       v1::CADENCE_MONTHLY,
                       "Sum of key projects' monthly investment reports, January through the "
                       "last month that has ended by as_of, integer yuan.")),
             MonthlyInvestmentSum("sum of monthly investment reports of key projects, January to "
                                  "the last month ended by as_of",
                                  Key));
  set.Define(MetricDef("investment.projects_investment_ytd", "项目年度完成投资（全部项目）",
                       "All projects' investment completed this year", v1::UNIT_YUAN,
                       v1::CADENCE_MONTHLY,
                       "Sum of every project's monthly investment reports (key or not), January "
                       "through the last month that has ended by as_of, integer yuan."),
             MonthlyInvestmentSum("sum of monthly investment reports of all projects, January to "
                                  "the last month ended by as_of",
                                  Any));
  set.Define(MetricDef("investment.industrial_projects_started", "产业项目开工建设",
                       "Industrial projects started", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Projects of category INDUSTRIAL whose start date (started_on, 开工) "
                       "falls in the as-of year on or before as_of."),
             ProjectTotal("industrial projects started in the year by as_of",
                          ReachedInYear(v1::PROJECT_STAGE_STARTED, Industrial), One, v1::UNIT_COUNT));
  set.Define(MetricDef("investment.signed_projects_amount", "新签约项目签约总额",
                       "Newly signed projects' contract value", v1::UNIT_YUAN, v1::CADENCE_EVENT,
                       "Sum of total_investment_yuan (the signed contract value) of projects "
                       "whose signing date (signed_on) falls in the as-of year on or before "
                       "as_of, integer yuan."),
             ProjectTotal("total investment of projects signed in the year by as_of",
                          ReachedInYear(v1::PROJECT_STAGE_SIGNED, Any), TotalInvestment, v1::UNIT_YUAN));
  set.Define(MetricDef("investment.started_projects_investment", "新开工项目总投资额",
                       "Total investment of newly started projects", v1::UNIT_YUAN,
                       v1::CADENCE_EVENT,
                       "Sum of total_investment_yuan of all projects (any category, key or "
                       "not) whose start date (started_on, 开工) falls in the as-of year on or "
                       "before as_of, integer yuan."),
             ProjectTotal("total investment of projects started in the year by as_of",
                          ReachedInYear(v1::PROJECT_STAGE_STARTED, Any), TotalInvestment, v1::UNIT_YUAN));
  set.Define(MetricDef("investment.three_batch_projects_signed", "纳入省“三个一批”签约项目",
                       "Projects signed in the provincial 'Three Batches' campaign",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Projects flagged three_batch whose signing date (signed_on) falls in "
                       "the as-of year on or before as_of."),
             ProjectTotal("三个一批 projects signed in the year by as_of",
                          ReachedInYear(v1::PROJECT_STAGE_SIGNED, ThreeBatch), One, v1::UNIT_COUNT));
}

void DefineBonds(MetricSet<InvestmentFacts>& set) {
  set.Define(MetricDef("investment.national_bond_projects_approved", "国债项目通过评审",
                       "National-bond projects passing review", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Projects funded by national treasury bonds (国债) whose review passed "
                       "(APPROVED, reviewed_on) in the as-of year on or before as_of."),
             ProjectTotal("national-bond projects approved in the year by as_of",
                          BondApproved(v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND), One,
                          v1::UNIT_COUNT));
  set.Define(MetricDef("investment.national_bond_projects_amount", "国债项目总需求",
                       "National-bond projects' funding demand", v1::UNIT_YUAN, v1::CADENCE_EVENT,
                       "Sum of the requested funding (funding.requested_yuan, 申请资金需求) of "
                       "the projects counted by investment.national_bond_projects_approved, "
                       "integer yuan."),
             ProjectTotal("requested funding of national-bond projects approved in the year by as_of",
                          BondApproved(v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND),
                          RequestedBondFunding, v1::UNIT_YUAN));
  set.Define(MetricDef("investment.special_bond_projects_approved", "地方政府专项债项目通过评审",
                       "Local-government special-bond projects passing review", v1::UNIT_COUNT,
                       v1::CADENCE_EVENT,
                       "Projects funded by local-government special bonds (地方政府专项债) whose "
                       "review passed (APPROVED, reviewed_on) in the as-of year on or before as_of."),
             ProjectTotal("special-bond projects approved in the year by as_of",
                          BondApproved(v1::FUNDING_SOURCE_LOCAL_SPECIAL_BOND), One, v1::UNIT_COUNT));
}

void DefineUrban(MetricSet<InvestmentFacts>& set) {
  set.Define(AcceptsMembers(MetricDef("investment.urban_renewal_investment_ytd", "城市更新项目年度投资",
                       "Urban-renewal investment this year", v1::UNIT_YUAN, v1::CADENCE_MONTHLY,
                       "Sum of the monthly investment reports of URBAN_RENEWAL projects, "
                       "January through the last month ended by as_of, integer yuan.")),
             MonthlyInvestmentSum("sum of monthly investment reports of urban-renewal projects, "
                                  "January to the last month ended by as_of",
                                  UrbanRenewal));
  set.Define(AcceptsMembers(MetricDef("investment.urban_renewal_projects_under_way", "城市更新项目建设",
                       "Urban-renewal projects under construction", v1::UNIT_COUNT,
                       v1::CADENCE_EVENT,
                       "URBAN_RENEWAL projects started (开工) on or before as_of and not "
                       "completed before 1 January of the as-of year.")),
             ProjectTotal("urban-renewal projects started on or before as_of and not completed before the year",
                          UnderWay(UrbanRenewal), One, v1::UNIT_COUNT));
  set.Define(MetricDef("investment.urban_renewal_packaged", "城市更新项目包装入库",
                       "Urban-renewal projects packaged into the project library", v1::UNIT_COUNT,
                       v1::CADENCE_EVENT,
                       "URBAN_RENEWAL projects packaged and entered into the project library "
                       "(包装入库, packaged_on) in the as-of year on or before as_of."),
             ProjectTotal("urban-renewal projects packaged in the year by as_of",
                          PackagedInYear(UrbanRenewal), One, v1::UNIT_COUNT));
  set.Define(MetricDef("investment.urban_renewal_packaged_amount", "包装入库城市更新项目总投资额",
                       "Total investment of packaged urban-renewal projects", v1::UNIT_YUAN,
                       v1::CADENCE_EVENT,
                       "Sum of total_investment_yuan of the projects counted by "
                       "investment.urban_renewal_packaged, integer yuan."),
             ProjectTotal("total investment of urban-renewal projects packaged in the year by as_of",
                          PackagedInYear(UrbanRenewal), TotalInvestment, v1::UNIT_YUAN));
  set.Define(MetricDef("investment.roads_built", "道路建设", "Roads under construction",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "ROAD outputs (one per road) started on or before as_of and not "
                       "completed (delivered) before 1 January of the as-of year: under "
                       "construction or completed during the year."),
             OutputTotal("roads started by as_of and not completed before the year",
                         v1::INFRASTRUCTURE_KIND_ROAD));
  set.Define(MetricDef("investment.parking_lots_built", "新建公共停车场", "Public car parks built",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "PARKING_LOT outputs (public car parks) delivered (completed and opened) "
                       "in the as-of year on or before as_of."),
             OutputTotal("public car parks delivered in the year by as_of",
                         v1::INFRASTRUCTURE_KIND_PARKING_LOT));
  set.Define(MetricDef("investment.parking_spaces_built", "新建停车泊位", "Parking spaces built",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Public parking spaces delivered in the as-of year on or before as_of: "
                       "the spaces of PARKING_LOT outputs plus PARKING_SPACES outputs (e.g. "
                       "on-street)."),
             ParkingSpaces("spaces of car parks and other parking spaces delivered in the year by as_of"));
  set.Define(MetricDef("investment.charging_piles_built", "新建充电桩", "Charging piles built",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "EV charging piles (one per pile) of CHARGING_PILES outputs put into "
                       "service in the as-of year on or before as_of."),
             OutputTotal("charging piles put into service in the year by as_of",
                         v1::INFRASTRUCTURE_KIND_CHARGING_PILES));
  set.Define(MetricDef("investment.lit_roads_added", "新增亮灯道路", "Roads newly lit",
                       v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "LIT_ROAD outputs (one per road) whose lighting was switched on in the "
                       "as-of year on or before as_of."),
             OutputTotal("roads lit in the year by as_of", v1::INFRASTRUCTURE_KIND_LIT_ROAD));
}

void DefinePromotion(MetricSet<InvestmentFacts>& set) {
  set.Define(MetricDef("investment.promotion_major_events", "重大招商引资活动",
                       "Major investment-promotion events held", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Major investment-promotion events hosted by the district — centralised "
                       "signing ceremonies (集中签约), industry expos (产业展会) and the other "
                       "major kinds the plan's 等 covers (investment fairs 招商推介会, industry "
                       "forums 产业峰会) — starting in the as-of year on or before as_of; one per "
                       "event however many days it lasts."),
             EventCount("major promotion events hosted by the district starting in the year by as_of",
                        {v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY,
                         v1::PROMOTION_EVENT_KIND_INDUSTRY_EXPO,
                         v1::PROMOTION_EVENT_KIND_INVESTMENT_FAIR,
                         v1::PROMOTION_EVENT_KIND_INDUSTRY_FORUM}));
  set.Define(MetricDef("investment.promotion_outbound_trips", "外出推介招商",
                       "Outbound investment-promotion trips", v1::UNIT_COUNT, v1::CADENCE_EVENT,
                       "Outbound investment-promotion trips (外出推介招商), one per journey, "
                       "departing in the as-of year on or before as_of."),
             EventCount("outbound promotion trips departing in the year by as_of",
                        {v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP}));
  set.Define(MetricDef("investment.seed_expo_held", "2024 年种业博览会", "Seed Industry Expo held",
                       v1::UNIT_MILESTONE, v1::CADENCE_EVENT,
                       "Done when the as-of year's seed-industry expo (种业博览会, an "
                       "INDUSTRY_EXPO flagged seed_industry_expo) is recorded with its last day "
                       "on or before as_of; false before."),
             SeedExpoHeld());
}

void DefineGrowth(MetricSet<InvestmentFacts>& set) {
  struct Growth {
    const char* key;
    const char* zh;
    const char* en;
    v1::Cadence cadence;
    const char* what;
    v1::EconomicIndicator indicator;
  };
  const Growth kGrowth[] = {
      {"investment.gdp_growth_ytd", "地区生产总值增长", "Regional GDP growth (real)",
       v1::CADENCE_QUARTERLY, "Real growth of the district's GDP", v1::ECONOMIC_INDICATOR_GDP_GROWTH},
      {"investment.fixed_asset_investment_growth_ytd", "固定资产投资增长",
       "Fixed-asset investment growth", v1::CADENCE_MONTHLY,
       "Nominal growth of fixed-asset investment (statistical scope)",
       v1::ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH},
      {"investment.industrial_value_added_growth_ytd", "规模以上工业增加值增长",
       "Value-added growth of industry above designated size", v1::CADENCE_MONTHLY,
       "Real growth of value added of industry above designated size",
       v1::ECONOMIC_INDICATOR_INDUSTRIAL_VALUE_ADDED_GROWTH},
      {"investment.retail_sales_growth_ytd", "社会消费品零售总额增长",
       "Retail sales of consumer goods growth", v1::CADENCE_MONTHLY,
       "Nominal growth of total retail sales of consumer goods",
       v1::ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH},
      {"investment.disposable_income_growth_ytd", "居民人均可支配收入增长",
       "Per-capita disposable income growth", v1::CADENCE_QUARTERLY,
       "Real growth of per-capita disposable income of all residents",
       v1::ECONOMIC_INDICATOR_DISPOSABLE_INCOME_GROWTH},
  };
  for (const Growth& g : kGrowth) {
    set.Define(MetricDef(g.key, g.zh, g.en, v1::UNIT_PERCENT, g.cadence,
                         std::string(g.what) +
                             ", year to date over the same period of the previous year, "
                             "percentage points, as published for the latest period of the "
                             "as-of year ended by as_of (the latest revision of that period); "
                             "current_to is the period's last day."),
               LatestGrowth(g.indicator));
  }
  set.Define(MetricDef("investment.budget_revenue_ytd", "一般公共预算收入",
                       "General public budget revenue", v1::UNIT_YUAN, v1::CADENCE_MONTHLY,
                       "District-level general public budget revenue collected in the as-of "
                       "year, January through the last month ended by as_of, integer yuan "
                       "(same 口径 as the 2023 figure of 26.12亿元)."),
             MonthlyFigureSum(v1::ECONOMIC_INDICATOR_BUDGET_REVENUE, v1::UNIT_YUAN));
  set.Define(MetricDef("investment.budget_revenue_growth_ytd", "一般公共预算收入增长",
                       "General public budget revenue growth", v1::UNIT_PERCENT,
                       v1::CADENCE_MONTHLY,
                       "Derived, not reported: budget revenue of January through the last "
                       "month ended by as_of (that both years report) over the same months of "
                       "the previous year, minus 1, percentage points rounded to 0.01."),
             BudgetRevenueGrowth());
}

void DefineVitality(MetricSet<InvestmentFacts>& set) {
  struct Sum {
    const char* key;
    const char* zh;
    const char* en;
    v1::Unit unit;
    const char* what;
    v1::EconomicIndicator indicator;
  };
  const Sum kSums[] = {
      {"investment.new_market_entities", "新增市场主体", "New market entities", v1::UNIT_COUNT,
       "Market entities newly registered (gross)", v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES},
      {"investment.new_tech_enterprises", "新增科技型企业", "New technology-based SMEs",
       v1::UNIT_COUNT, "Enterprises newly entered in the 科技型中小企业 database",
       v1::ECONOMIC_INDICATOR_NEW_TECH_ENTERPRISES},
      {"investment.new_high_tech_enterprises", "新增高新技术企业", "New high-tech enterprises",
       v1::UNIT_COUNT, "Enterprises first recognised as 高新技术企业",
       v1::ECONOMIC_INDICATOR_NEW_HIGH_TECH_ENTERPRISES},
      {"investment.new_innovative_smes", "新增创新型中小企业", "New innovative SMEs",
       v1::UNIT_COUNT, "Enterprises first recognised as 创新型中小企业",
       v1::ECONOMIC_INDICATOR_NEW_INNOVATIVE_SMES},
      {"investment.ecommerce_parks", "引进电商园区", "E-commerce parks brought in",
       v1::UNIT_COUNT, "E-commerce parks newly brought into the district",
       v1::ECONOMIC_INDICATOR_ECOMMERCE_PARKS},
      {"investment.ecommerce_firms", "引进知名电商企业", "Well-known e-commerce firms brought in",
       v1::UNIT_COUNT, "Well-known e-commerce firms newly registered or settled in the district",
       v1::ECONOMIC_INDICATOR_ECOMMERCE_FIRMS},
      {"investment.standardization_pilots", "省级标准化试点示范项目",
       "Provincial standardisation pilot projects", v1::UNIT_COUNT,
       "Provincial standardisation pilot/demonstration projects approved (立项)",
       v1::ECONOMIC_INDICATOR_STANDARDIZATION_PILOTS},
      {"investment.tech_contract_turnover", "技术合同交易额", "Technology contract turnover",
       v1::UNIT_YUAN, "Transaction amount of technology contracts registered, integer yuan,",
       v1::ECONOMIC_INDICATOR_TECH_CONTRACT_TURNOVER},
      {"investment.car_sales", "汽车销售额", "Car sales", v1::UNIT_YUAN,
       "Retail sales of motor vehicles by retailers above designated size, integer yuan,",
       v1::ECONOMIC_INDICATOR_CAR_SALES},
  };
  for (const Sum& s : kSums) {
    set.Define(MetricDef(s.key, s.zh, s.en, s.unit, v1::CADENCE_MONTHLY,
                         std::string(s.what) +
                             " in the as-of year: the sum of the monthly figures, January "
                             "through the last month ended by as_of."),
               MonthlyFigureSum(s.indicator, s.unit));
  }
}

MetricSet<InvestmentFacts>* Build() {
  auto* set = new MetricSet<InvestmentFacts>("investment");
  DefineProjects(*set);
  DefineBonds(*set);
  DefineUrban(*set);
  DefinePromotion(*set);
  DefineGrowth(*set);
  DefineVitality(*set);
  return set;
}

}  // namespace

const MetricSet<InvestmentFacts>& InvestmentMetrics() {
  static const MetricSet<InvestmentFacts>* set = Build();
  return *set;
}

}  // namespace devplan::investment
