#include "inventory/collector.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <memory>

#include "aws/ops/ec2.h"
#include "aws/ops/ec2_egress.h"
#include "aws/ops/iam_account_aliases.h"
#include "aws/ops/iam_authorization_details.h"
#include "aws/ops/iam_instance_profiles.h"
#include "aws/protocol/pagination.h"

namespace rolecall::inventory {
namespace {

// Bounds outstanding calls, in total and per key (an EC2 bucket: account + region), and hands
// free slots to the keys in turn. A bucket that is being throttled then holds at most its own
// share of slots, and every other region keeps going meanwhile: one FIFO for all would let the
// first region's backlog occupy every slot while the others' buckets sit full and unused.
class FairLimiter {
 public:
  FairLimiter(std::size_t total, std::size_t per_key)
      : total_(std::max<std::size_t>(1, total)), per_key_(std::max<std::size_t>(1, per_key)) {}

  // Runs `task` now or once a slot frees; the task must call release(key) exactly once when done.
  void submit(const std::string& key, std::function<void()> task) {
    Key& k = keys_[key];
    k.queue.push_back(std::move(task));
    if (!k.ready) {
      k.ready = true;
      ready_.push_back(&k);
    }
    dispatch();
  }
  void release(const std::string& key) {
    Key& k = keys_[key];
    --k.in_flight;
    --in_flight_;
    if (!k.queue.empty() && !k.ready) {
      k.ready = true;
      ready_.push_back(&k);
    }
    dispatch();
  }
  std::size_t in_flight() const { return in_flight_; }

 private:
  struct Key {
    std::deque<std::function<void()>> queue;
    std::size_t in_flight = 0;
    bool ready = false;  // in ready_
  };

  void dispatch() {
    if (dispatching_) return;  // a task that releases at once is picked up by the loop below
    dispatching_ = true;
    // Each key in ready_ has queued work; one that is at its own cap leaves until a release.
    while (in_flight_ < total_ && !ready_.empty()) {
      Key* k = ready_.front();
      ready_.pop_front();
      if (k->in_flight >= per_key_) {
        k->ready = false;
        continue;
      }
      auto task = std::move(k->queue.front());
      k->queue.pop_front();
      ++k->in_flight;
      ++in_flight_;
      if (k->queue.empty()) {
        k->ready = false;
      } else {
        ready_.push_back(k);
      }
      task();
    }
    dispatching_ = false;
  }

  std::size_t total_;
  std::size_t per_key_;
  std::size_t in_flight_ = 0;
  std::map<std::string, Key> keys_;  // node-based: Key addresses stay valid
  std::deque<Key*> ready_;           // keys with queued work, in turn
  bool dispatching_ = false;
};

// All state of one collection; lives on the loop thread only.
struct Run {
  const CollectOptions& options;
  Inventory inventory;
  std::deque<RegionInventory> regions;  // stable addresses while callbacks fill them
  CollectProgress progress;
  FairLimiter user_data_limiter;
  std::map<std::string, std::size_t> pending_per_account;  // outstanding units (IAM, regions)

  explicit Run(const CollectOptions& o)
      : options(o), user_data_limiter(o.max_user_data_in_flight, o.max_user_data_in_flight_per_region) {}

  void report() {
    progress.requests_in_flight = user_data_limiter.in_flight();
    if (options.on_progress) options.on_progress(progress);
  }
  void unit_done(const std::string& account) {
    if (--pending_per_account[account] == 0) ++progress.accounts_done;
    report();
  }
};

// Names the account by its IAM alias when Organizations did not, then ends the account's IAM unit.
// A denied or failed ListAccountAliases leaves the name empty: a name is context, never an error.
void name_account(const std::shared_ptr<Run>& run, const std::string& id, aws::AwsCaller& caller) {
  ++run->progress.iam.done;
  if (!run->inventory.accounts[id].account_name.empty()) {
    run->unit_done(id);
    return;
  }
  aws::iam::list_account_aliases(caller, [run, id](Result<aws::iam::ListAccountAliasesResponse> aliases) {
    if (aliases) run->inventory.accounts[id].account_name = std::move(aliases->alias);
    run->unit_done(id);
  });
}

void collect_iam(const std::shared_ptr<Run>& run, const AccountTarget& target) {
  AccountInventory& account = run->inventory.accounts[target.account_id];
  account.account_id = target.account_id;
  account.partition = target.partition;
  account.account_name = target.name;
  aws::AwsCaller& caller = *target.caller;
  std::string id = target.account_id;
  aws::iam::get_account_authorization_details_all(
      caller, {}, [run, id, &caller](Result<aws::iam::GetAccountAuthorizationDetailsResponse> details) {
        AccountInventory& acc = run->inventory.accounts[id];
        if (!details) {
          acc.iam_error = details.error();
          name_account(run, id, caller);
          return;
        }
        acc.roles = std::move(details->roles);
        acc.profiles = std::move(details->profiles);
        acc.policies = std::move(details->policies);
        // Authorization details list only profiles that hold a role: empty profiles come from here.
        aws::iam::list_instance_profiles_all(caller, {},
                                             [run, id, &caller](Result<aws::iam::ListInstanceProfilesResponse> listed) {
                                               AccountInventory& a = run->inventory.accounts[id];
                                               if (!listed) {
                                                 a.iam_error = listed.error();
                                                 name_account(run, id, caller);
                                                 return;
                                               }
                                               std::map<std::string, std::size_t> known;
                                               for (std::size_t i = 0; i < a.profiles.size(); ++i)
                                                 known[a.profiles[i].arn] = i;
                                               for (auto& p : listed->profiles) {
                                                 if (!known.contains(p.profile.arn))
                                                   a.profiles.push_back(std::move(p.profile));
                                               }
                                               a.build_index();
                                               a.iam_collected = true;
                                               name_account(run, id, caller);
                                             });
      });
}

// The user-data reads of one region, started page by page while DescribeInstances still lists:
// EC2 paces them by a bucket per account+region, so the sooner the first ones go, the sooner the
// region's last one can.
struct UserDataReads {
  std::size_t outstanding = 0;
  std::function<void()> done;  // set when the listing ends; runs once nothing is outstanding

  void finish_if_idle() {
    if (outstanding != 0 || !done) return;
    auto finish = std::move(done);
    done = nullptr;
    finish();
  }
};

// Reads the user data of region.instances[first, last). Indices, not pointers: later pages grow
// the vector while these reads are in flight (all on the loop thread).
void read_user_data(const std::shared_ptr<Run>& run, aws::AwsCaller& caller, RegionInventory& region, std::size_t first,
                    std::size_t last, const std::shared_ptr<UserDataReads>& reads) {
  run->progress.user_data.total += last - first;
  std::string key = region.account_id + '/' + region.region;
  for (std::size_t index = first; index < last; ++index) {
    ++reads->outstanding;
    run->user_data_limiter.submit(key, [run, &caller, &region, index, reads, key] {
      aws::ec2::describe_user_data(caller, region.region, {region.instances[index].id},
                                   [run, &region, index, reads, key](Result<aws::ec2::DescribeUserDataResponse> r) {
                                     Instance& target = region.instances[index];
                                     if (r) {
                                       target.user_data = std::move(r->user_data);
                                     } else {
                                       target.user_data_error = r.error();
                                     }
                                     run->user_data_limiter.release(key);
                                     ++run->progress.user_data.done;
                                     run->report();
                                     --reads->outstanding;
                                     reads->finish_if_idle();
                                   });
    });
  }
}

// The region's launch templates, or only `named_ids` when given.
void collect_launch_templates(aws::AwsCaller& caller, RegionInventory& region, std::vector<std::string> named_ids,
                              std::function<void()> done) {
  auto finish = std::make_shared<std::function<void()>>(std::move(done));
  auto templates = std::make_shared<std::vector<LaunchTemplate>>();
  auto versions_of = [&caller, &region, templates, finish](Result<void> listed) {
    if (!listed) {
      region.launch_templates_error = listed.error();
      (*finish)();
      return;
    }
    auto remaining = std::make_shared<std::size_t>(templates->size());
    auto failed = std::make_shared<std::optional<Error>>();
    auto complete = [&region, templates, remaining, failed, finish] {
      if (--*remaining != 0) return;
      if (*failed) {
        region.launch_templates_error = **failed;
      } else {
        region.launch_templates = std::move(*templates);
        region.launch_templates_collected = true;
      }
      (*finish)();
    };
    if (templates->empty()) {
      region.launch_templates_collected = true;
      (*finish)();
      return;
    }
    for (auto& lt : *templates) {
      LaunchTemplate* t = &lt;
      aws::paginate_pages<aws::ec2::DescribeLaunchTemplateVersionsResponse>(
          caller,
          [&region, t](const std::string& token) {
            aws::ec2::DescribeLaunchTemplateVersionsRequest req;
            req.template_id = t->id;
            req.max_results = 200;
            req.next_token = token;
            return aws::ec2::describe_launch_template_versions_call(region.region, req);
          },
          [](aws::ServiceResponse r) { return aws::ec2::parse_describe_launch_template_versions(std::move(r.body)); },
          [](const aws::ec2::DescribeLaunchTemplateVersionsResponse& p) { return p.next_token; },
          [t](aws::ec2::DescribeLaunchTemplateVersionsResponse&& page) {
            for (auto& v : page.versions) t->versions.push_back(std::move(v));
          },
          [failed, complete](Result<void> r) {
            if (!r && !*failed) *failed = r.error().with_context("DescribeLaunchTemplateVersions");
            complete();
          });
    }
  };
  aws::paginate_pages<aws::ec2::DescribeLaunchTemplatesResponse>(
      caller,
      [&region, ids = named_ids](const std::string& token) {
        aws::ec2::DescribeLaunchTemplatesRequest req;
        req.template_ids = ids;
        req.max_results = ids.empty() ? 200 : 0;
        req.next_token = token;
        return aws::ec2::describe_launch_templates_call(region.region, req);
      },
      [name = region.region](aws::ServiceResponse r) {  // parsed off the loop thread: no references
        return aws::ec2::parse_describe_launch_templates(std::move(r.body), name);
      },
      [](const aws::ec2::DescribeLaunchTemplatesResponse& p) { return p.next_token; },
      [templates, &region](aws::ec2::DescribeLaunchTemplatesResponse&& page) {
        for (auto& t : page.templates) {
          t.account_id = region.account_id;
          templates->push_back(std::move(t));
        }
      },
      std::move(versions_of));
}

void collect_region(const std::shared_ptr<Run>& run, const AccountTarget& target, const std::string& region_name) {
  run->regions.push_back({});
  RegionInventory& region = run->regions.back();
  region.account_id = target.account_id;
  region.region = region_name;
  aws::AwsCaller& caller = *target.caller;
  std::string account = target.account_id;

  static const NamedResources kNoneNamed;
  const NamedResources* named_here = &kNoneNamed;  // the resources named in this account+region
  if (auto it = run->options.named.find({account, region_name}); it != run->options.named.end())
    named_here = &it->second;
  aws::ec2::DescribeInstancesRequest request;
  request.max_results = run->options.describe_page_size;
  request.filters.push_back({"instance-state-name", {"pending", "running", "stopping", "stopped"}});
  if (run->options.named_only) {
    request.instance_ids = named_here->instance_ids;
    request.max_results = 0;  // AWS refuses MaxResults with instance ids
  }
  // User data is read page by page as instances are listed (see UserDataReads).
  std::shared_ptr<UserDataReads> reads;
  if (run->options.needs.user_data) reads = std::make_shared<UserDataReads>();
  // Named-only with no instance named: no DescribeInstances at all.
  auto listed_done = [run, &region, &caller, account, named_here, reads](Result<void> listed) {
    ++run->progress.instances.done;
    // Follow-up reads run side by side; the region is done when the last one is.
    auto parts = std::make_shared<int>(1);
    auto part_done = [run, parts, account] {
      if (--*parts != 0) return;
      ++run->progress.regions_done;
      run->unit_done(account);
    };
    if (reads) {
      // Reads of the pages listed so far may still be in flight, even when a later page failed.
      ++*parts;
      reads->done = [part_done, &region, complete = listed.has_value()] {
        region.user_data_collected = complete;
        part_done();
      };
      reads->finish_if_idle();
    }
    if (!listed) {
      region.instances_error = listed.error();
      part_done();
      return;
    }
    const bool named = run->options.named_only;
    if (run->options.needs.launch_templates && (!named || !named_here->launch_template_ids.empty())) {
      ++*parts;
      ++run->progress.launch_templates.total;
      collect_launch_templates(caller, region, named_here->launch_template_ids, [run, part_done] {
        ++run->progress.launch_templates.done;
        part_done();
      });
    }
    if ((run->options.needs.key_evidence || run->options.needs.egress) && !named) {
      ++*parts;
      aws::ec2::describe_egress(caller, region.region, region.egress, [&region, part_done](Result<void> read) {
        if (read) {
          region.egress_collected = true;
        } else {
          region.egress = {};
          region.egress_error = read.error();
        }
        part_done();
      });
    }
    part_done();
  };
  if (run->options.named_only && named_here->instance_ids.empty()) {
    listed_done(Result<void>{});
    return;
  }
  aws::ec2::describe_all_instances(
      caller, region_name, request,
      [run, &region, &caller, reads](aws::ec2::DescribeInstancesResponse&& page) {
        run->progress.instances_seen += page.instances.size();
        for (auto& i : page.instances) {
          if (i.account_id.empty()) i.account_id = region.account_id;
        }
        const std::size_t first = region.instances.size();
        if (region.instances.empty()) {
          region.instances = std::move(page.instances);  // a one-page region: no copy, no slack
        } else {
          region.instances.insert(region.instances.end(), std::make_move_iterator(page.instances.begin()),
                                  std::make_move_iterator(page.instances.end()));
        }
        if (reads) read_user_data(run, caller, region, first, region.instances.size(), reads);
        run->report();
      },
      std::move(listed_done), reads ? run->options.describe_first_page_size : 0);  // named: no MaxResults to shrink
}

void collect_account(const std::shared_ptr<Run>& run, const AccountTarget& target) {
  const std::string& id = target.account_id;
  if (target.caller == nullptr || target.error) {
    run->inventory.scope_errors.push_back({id, "", target.error.value_or(Error::internal("no client for account"))});
    ++run->progress.accounts_done;
    run->report();
    return;
  }
  run->pending_per_account[id] = 1;  // held until regions are known
  if (run->options.needs.iam) {
    ++run->pending_per_account[id];
    ++run->progress.iam.total;
    collect_iam(run, target);
  }
  auto start_regions = [run, &target, id](const std::vector<std::string>& regions) {
    run->progress.regions_total += regions.size();
    run->progress.instances.total += regions.size();
    run->pending_per_account[id] += regions.size();
    for (const auto& r : regions) collect_region(run, target, r);
    run->unit_done(id);
  };
  if (run->options.named_only) {
    std::vector<std::string> regions;
    for (auto it = run->options.named.lower_bound({id, ""}); it != run->options.named.end() && it->first.first == id;
         ++it)
      regions.push_back(it->first.second);
    start_regions(regions);
    return;
  }
  if (!run->options.regions.empty() || run->options.iam_only) {
    start_regions(run->options.iam_only ? std::vector<std::string>{} : run->options.regions);
    return;
  }
  aws::ec2::DescribeRegionsRequest request;
  aws::ec2::describe_regions(
      *target.caller, run->options.discovery_region, request,
      [run, id, start_regions](Result<aws::ec2::DescribeRegionsResponse> r) {
        if (!r) {
          run->inventory.scope_errors.push_back({id, "", r.error().with_context("region discovery")});
          run->unit_done(id);
          return;
        }
        std::vector<std::string> names;
        for (const auto& info : r->regions) {
          if (info.opt_in_status != "not-opted-in") names.push_back(info.name);
        }
        start_regions(names);
      });
}

}  // namespace

Inventory collect(aws::EventLoop& loop, const std::vector<AccountTarget>& targets, const CollectOptions& options) {
  auto run = std::make_shared<Run>(options);
  run->progress.accounts_total = targets.size();
  for (const auto& target : targets) collect_account(run, target);
  loop.run();
  Inventory out = std::move(run->inventory);
  for (auto& r : run->regions) out.regions.push_back(std::move(r));
  for (auto& [id, account] : out.accounts) account.build_index();
  return out;
}

}  // namespace rolecall::inventory
