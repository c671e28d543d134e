// The pieces of the Redis Cluster client that need no server: the slot function (Redis's
// published test vectors), the keys of a command, the refusal of a cross-slot command, the
// redirect replies, the slot map read from a CLUSTER SLOTS reply, and the seeds of --redis.
// And the key layout's promise: every key of a district, and its channel, lives in the
// district's one slot, so a district's write (one script) can never be CROSSSLOT.
#include <gtest/gtest.h>

#include <hiredis/hiredis.h>

#include "absl/strings/str_cat.h"
#include "services/common/redis_cluster.h"
#include "services/common/redis_keys.h"
#include "services/common/redis_redirect.h"
#include "services/common/redis_slot.h"
#include "services/common/redis_slot_map.h"

namespace devplan::redis {
namespace {

TEST(KeySlot, PublishedVectors) {
  // From the Redis Cluster specification and its test suite.
  EXPECT_EQ(Crc16("123456789"), 0x31C3);
  EXPECT_EQ(KeySlot("123456789"), 12739);
  EXPECT_EQ(KeySlot("foo"), 12182);
  EXPECT_EQ(KeySlot("{user1000}.following"), 3443);
  EXPECT_EQ(KeySlot("{user1000}.followers"), 3443);
}

TEST(KeySlot, OnlyTheFirstNonEmptyTagCounts) {
  // "{}" is empty: the whole key hashes, not the later "{bar}".
  EXPECT_EQ(KeySlot("foo{}{bar}"), Crc16("foo{}{bar}") % kClusterSlots);
  EXPECT_EQ(KeySlot("foo{{bar}}zap"), KeySlot("{bar"));
  EXPECT_EQ(KeySlot("foo{bar}{zap}"), KeySlot("bar"));
  EXPECT_EQ(KeySlot("no tag{"), Crc16("no tag{") % kClusterSlots);
  EXPECT_EQ(KeySlot(""), 0);
}

TEST(KeySlot, EveryKeyOfADistrictSharesTheDistrictsSlot) {
  const std::string d = "410108";
  const int slot = KeySlot(keys::Tag(d));
  const std::vector<std::string> all = {
      keys::EventsChannel(d), keys::DataVersion(d), keys::AuditTrail(d),
      keys::RequestId(keys::kInvestmentPrefix, d, "r-1"), keys::RequestId("env", d, ""),
      keys::Projects(d), keys::ProjectHistory(d, "p{1}"), keys::MonthlyInvestment(d),
      keys::InfrastructureOutputs(d), keys::PromotionEvents(d), keys::EconomicFigures(d),
      keys::DailyAqi(d), keys::Stations(d), keys::StationTitles(d),
      keys::HourlyReadings(d, "s}1", "2024-01-01"), keys::HourlyStamps(d), keys::AirDays(d),
      keys::AirDayVersions(d), keys::WaterBodies(d), keys::WaterSamples(d), keys::Works(d),
      keys::WorkMilestones(d), keys::Plots(d), keys::MonthlyFigures(d), keys::TalentCounts(d),
      keys::CoverageFigures(d), keys::SocialFacilities(d), keys::SocialPlanFacilities(d),
      keys::SocialEvents(d), keys::SocialPlanEvents(d), keys::PlanVersions(d),
      keys::PlanCurrent(d), keys::ScorecardSnapshots(d)};
  for (const std::string& key : all) EXPECT_EQ(KeySlot(key), slot) << key;
}

TEST(CommandKeys, ByTheCommandsKeyPositions) {
  EXPECT_EQ(CommandKeys({"HGET", "k", "f"}), (std::vector<absl::string_view>{"k"}));
  EXPECT_EQ(CommandKeys({"EVALSHA", "abc", "2", "k1", "k2", "a1"}),
            (std::vector<absl::string_view>{"k1", "k2"}));
  EXPECT_EQ(CommandKeys({"evalsha", "abc", "0", "a1"}), std::vector<absl::string_view>{});
  EXPECT_EQ(CommandKeys({"MGET", "a", "b"}), (std::vector<absl::string_view>{"a", "b"}));
  EXPECT_EQ(CommandKeys({"MSET", "a", "1", "b", "2"}), (std::vector<absl::string_view>{"a", "b"}));
  EXPECT_TRUE(CommandKeys({"PING"}).empty());
  EXPECT_TRUE(CommandKeys({"SCRIPT", "LOAD", "return 1"}).empty());
  EXPECT_TRUE(CommandKeys({"PUBLISH", "events:{1}", "x"}).empty());
  EXPECT_TRUE(CommandKeys({"WAIT", "1", "100"}).empty());
}

TEST(SlotsOf, OneSlotPerCommandAndARefusalOfACommandAcrossTwo) {
  absl::StatusOr<PipelineSlots> one =
      SlotsOf({{"HGET", keys::Projects("410108"), "p"}, {"GET", keys::DataVersion("410108")},
               {"PING"}});
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->shared, KeySlot("410108"));
  EXPECT_FALSE(one->spread);
  EXPECT_EQ(one->of_command,
            (std::vector<std::optional<int>>{KeySlot("410108"), KeySlot("410108"), std::nullopt}));
  absl::StatusOr<PipelineSlots> none = SlotsOf({{"PING"}});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->shared.has_value());
  EXPECT_FALSE(none->spread);
  // Two districts in one pipeline: each command in its own slot, spread (a cluster splits it).
  absl::StatusOr<PipelineSlots> two =
      SlotsOf({{"GET", keys::DataVersion("410108")}, {"GET", keys::DataVersion("410102")},
               {"GET", keys::DataVersion("410108")}});
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_TRUE(two->spread);
  EXPECT_FALSE(two->shared.has_value());
  EXPECT_EQ(two->of_command[1], KeySlot("410102"));
  // Two districts in one command (a write script): refused, naming both keys.
  absl::StatusOr<PipelineSlots> script =
      SlotsOf({{"EVALSHA", "x", "2", keys::Projects("410108"), keys::Projects("410102")}});
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(script.status().message().find("CROSSSLOT"), absl::string_view::npos);
  EXPECT_NE(script.status().message().find("inv:{410102}:projects"), absl::string_view::npos);
  EXPECT_FALSE(SlotsOf({{"MGET", "{a}1", "{b}1"}}).ok());
}

TEST(ParseRedirect, MovedAskTryAgainClusterDown) {
  std::optional<Redirect> moved = ParseRedirect("redis: MOVED 3999 127.0.0.1:6381");
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->kind, Redirect::Kind::kMoved);
  EXPECT_EQ(moved->slot, 3999);
  EXPECT_EQ(moved->target.host, "127.0.0.1");
  EXPECT_EQ(moved->target.port, 6381);
  std::optional<Redirect> ask = ParseRedirect("ASK 12182 10.0.0.2:7002");
  ASSERT_TRUE(ask.has_value());
  EXPECT_EQ(ask->kind, Redirect::Kind::kAsk);
  EXPECT_EQ(ask->slot, 12182);
  EXPECT_EQ(ask->target.host, "10.0.0.2");
  EXPECT_EQ(ask->target.port, 7002);
  EXPECT_EQ(ParseRedirect("redis: TRYAGAIN Multiple keys request during rehashing of slot")->kind,
            Redirect::Kind::kTryAgain);
  EXPECT_EQ(ParseRedirect("redis: CLUSTERDOWN The cluster is down")->kind,
            Redirect::Kind::kClusterDown);
}

TEST(ParseRedirect, AnythingElseIsNotFollowed) {
  EXPECT_FALSE(ParseRedirect("redis: WRONGTYPE Operation against a key").has_value());
  EXPECT_FALSE(ParseRedirect("redis: NOSCRIPT No matching script").has_value());
  EXPECT_FALSE(ParseRedirect("redis: MOVED 16384 127.0.0.1:6381").has_value());  // no such slot
  EXPECT_FALSE(ParseRedirect("redis: MOVED -1 127.0.0.1:6381").has_value());
  EXPECT_FALSE(ParseRedirect("redis: MOVED 3999 :6381").has_value());  // unknown host
  EXPECT_FALSE(ParseRedirect("redis: MOVED 3999").has_value());
  EXPECT_FALSE(ParseRedirect("redis: ASK 3999 127.0.0.1:0").has_value());
  EXPECT_FALSE(ParseRedirect("redis: MOVED x 127.0.0.1:6381").has_value());
  EXPECT_FALSE(ParseRedirect("").has_value());
}

// A reply as hiredis reads it from the RESP bytes a node would send.
Reply Parse(const std::string& resp) {
  redisReader* reader = redisReaderCreate();
  redisReaderFeed(reader, resp.data(), resp.size());
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  redisReaderFree(reader);
  EXPECT_NE(raw, nullptr);
  return Reply(static_cast<redisReply*>(raw));
}

std::string Bulk(const std::string& s) { return absl::StrCat("$", s.size(), "\r\n", s, "\r\n"); }
std::string Node(const std::string& ip, int port) {
  return absl::StrCat("*3\r\n", Bulk(ip), ":", port, "\r\n", Bulk(std::string(40, 'a')));
}

TEST(SlotMap, ReadFromClusterSlots) {
  // Two ranges on one master (with a replica each), one on another; slots 10001.. unserved.
  const std::string resp = absl::StrCat(
      "*3\r\n",
      "*4\r\n:0\r\n:5460\r\n", Node("127.0.0.1", 7001), Node("127.0.0.1", 7004),
      "*3\r\n:5461\r\n:10000\r\n", Node("127.0.0.2", 7002),
      "*3\r\n:16000\r\n:16383\r\n", Node("", 7001));  // empty ip: the node asked
  Endpoint asked;
  asked.host = "127.0.0.1";
  asked.port = 7001;
  asked.user = "devplan";
  asked.password = "secret-password-1234";
  Reply reply = Parse(resp);
  absl::StatusOr<SlotMap> map = SlotMap::FromClusterSlots(reply.view(), asked);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->masters().size(), 2u);
  EXPECT_EQ(map->assigned(), 5461 + 4540 + 384);
  ASSERT_TRUE(map->MasterOf(0).has_value());
  EXPECT_EQ(map->MasterOf(0)->port, 7001);
  EXPECT_EQ(map->MasterOf(0)->password, "secret-password-1234");  // credentials carried over
  EXPECT_EQ(map->MasterOf(5461)->host, "127.0.0.2");
  EXPECT_EQ(map->MasterOf(10000)->port, 7002);
  EXPECT_FALSE(map->MasterOf(10001).has_value());
  EXPECT_EQ(map->MasterOf(16383)->port, 7001);
  EXPECT_EQ(map->MasterOf(16383)->host, "127.0.0.1");
  EXPECT_FALSE(map->MasterOf(16384).has_value());

  // A MOVED before the next refresh: the one slot changes hands.
  Endpoint other = asked;
  other.port = 7003;
  map->Assign(12000, other);
  EXPECT_EQ(map->MasterOf(12000)->port, 7003);
  EXPECT_EQ(map->masters().size(), 3u);
  EXPECT_EQ(map->MasterOf(11999), std::nullopt);
}

TEST(SlotMap, MalformedRepliesAreRefused) {
  Endpoint asked;
  for (const std::string& resp :
       {std::string(":1\r\n"), absl::StrCat("*1\r\n*3\r\n:10\r\n:5\r\n", Node("a", 1)),
        absl::StrCat("*1\r\n*3\r\n:0\r\n:16384\r\n", Node("a", 1)),
        absl::StrCat("*1\r\n*3\r\n:0\r\n:1\r\n", Node("a", 0)),
        std::string("*1\r\n*2\r\n:0\r\n:1\r\n")}) {
    Reply reply = Parse(resp);
    EXPECT_FALSE(SlotMap::FromClusterSlots(reply.view(), asked).ok()) << resp;
  }
}

TEST(ParseClusterSeeds, HostPortListsOnly) {
  absl::StatusOr<std::vector<Endpoint>> seeds = ParseClusterSeeds("cluster://h1:7001,10.0.0.2:7002");
  ASSERT_TRUE(seeds.ok()) << seeds.status();
  ASSERT_EQ(seeds->size(), 2u);
  EXPECT_EQ((*seeds)[0].host, "h1");
  EXPECT_EQ((*seeds)[1].port, 7002);
  EXPECT_FALSE(ParseClusterSeeds("cluster://").ok());
  EXPECT_FALSE(ParseClusterSeeds("cluster://h1:7001,").ok());
  EXPECT_FALSE(ParseClusterSeeds("cluster://unix:/tmp/r.sock").ok());
  EXPECT_FALSE(ParseClusterSeeds("h1:7001").ok());
  std::string many = "cluster://";
  for (int i = 0; i <= kMaxClusterSeeds; ++i) absl::StrAppend(&many, i ? "," : "", "h:", 7000 + i);
  EXPECT_FALSE(ParseClusterSeeds(many).ok());
}

}  // namespace
}  // namespace devplan::redis
