// hubctl's rendering of the analyst views (protos/hub/v1/views.proto) as
// readable tables, aligned by display width for Chinese names.
#ifndef HUB_TOOLS_HUBCTL_VIEWS_FORMAT_H_
#define HUB_TOOLS_HUBCTL_VIEWS_FORMAT_H_

#include <string>
#include <vector>

#include "hub/v1/views.pb.h"

namespace hub {

std::string AttainmentStateName(v1::AttainmentState state);  // "on track"
std::string ReportStateName(v1::ReportState state);          // "on time"
std::string LedgerStatusName(v1::LedgerStatus status);       // "未报送"

// One roll-up in full: value, components, coverage, disputed part, own
// record, and one line per unit.
std::string RollupDetail(const v1::Rollup& rollup);
// Several roll-ups, one line each.
std::string RollupsTable(const std::vector<v1::Rollup>& rollups);

std::string AttainmentTable(const std::vector<v1::AttainmentRow>& rows);
std::string AttainmentSummary(const v1::AttainmentReport& report);

std::string ReportingTable(const std::vector<v1::ExpectedReport>& reports);
std::string RatesTable(const std::string& title,
                       const std::vector<v1::ReportingRate>& rates);

std::string LedgerTable(const std::vector<v1::LedgerRow>& rows);
std::string LedgerSummaryLine(const v1::LedgerResponse& ledger);

std::string LaggardsTable(const std::string& title,
                          const std::vector<v1::Laggard>& laggards);

// One line per change of a watch.
std::string ViewChangeLine(const v1::ViewChange& change);

}  // namespace hub

#endif  // HUB_TOOLS_HUBCTL_VIEWS_FORMAT_H_
