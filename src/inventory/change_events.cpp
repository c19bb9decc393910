#include "inventory/change_events.h"

#include <algorithm>
#include <memory>

#include "aws/ops/cloudtrail_lookup_events.h"
#include "base/sync.h"

namespace rolecall::inventory {
namespace {

// One source's pages, read one after the other.
struct ChangePager : std::enable_shared_from_this<ChangePager> {
  aws::cloudtrail::LookupEventsRequest request;
  ChangeSource source;
  std::vector<ChangeEvent>* events = nullptr;
  std::vector<std::pair<ChangeSource, Error>>* errors = nullptr;
  std::function<void()> finished;

  void next() {
    auto self = shared_from_this();
    aws::cloudtrail::lookup_events(*source.caller, request,
                                   [self](Result<aws::cloudtrail::LookupEventsResponse> page) { self->take(page); });
  }
  void take(Result<aws::cloudtrail::LookupEventsResponse>& page) {
    if (!page) {
      errors->emplace_back(source, page.error());
      finished();
      return;
    }
    for (auto& e : page->events) {
      if (!changes_verdicts(e.event_name)) continue;
      ChangeResources resources = read_change_resources_text(e.event_name, e.request_parameters, e.response_elements);
      events->push_back(ChangeEvent{std::move(e.event_id), std::move(e.event_name), std::move(e.event_source),
                                    std::move(e.event_time), source.account_id, source.region, std::move(e.username),
                                    std::move(resources)});
    }
    if (page->next_token.empty()) {
      finished();
      return;
    }
    request.next_token = std::move(page->next_token);
    next();
  }
};

}  // namespace

bool changes_verdicts(std::string_view event_name) { return change_kind_of(event_name) != ChangeKind::kOther; }

bool global_event_source(std::string_view event_source) {
  return event_source == "iam.amazonaws.com" || event_source == "organizations.amazonaws.com";
}

ChangePoll poll_changes(aws::EventLoop& loop, const std::vector<ChangeSource>& sources,
                        std::chrono::system_clock::time_point since, std::chrono::system_clock::time_point until) {
  ChangePoll out;
  if (sources.empty()) return out;
  auto all = base::run_sync<bool>(loop, [&](std::function<void(Result<bool>)> done) {
    auto pending = std::make_shared<std::size_t>(sources.size());
    for (const auto& source : sources) {
      auto pager = std::make_shared<ChangePager>();
      pager->source = source;
      pager->request.region = source.region;
      pager->request.attribute_key = "ReadOnly";
      pager->request.attribute_value = "false";
      pager->request.start_time = since;
      pager->request.end_time = until;
      pager->request.with_elements = true;
      pager->events = &out.events;
      pager->errors = &out.errors;
      pager->finished = [pending, done] {
        if (--*pending == 0) done(true);
      };
      pager->next();
    }
  });
  (void)all;
  // LookupEvents answers newest first; changes are handled in the order they were made.
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const ChangeEvent& a, const ChangeEvent& b) { return a.event_time < b.event_time; });
  return out;
}

}  // namespace rolecall::inventory
