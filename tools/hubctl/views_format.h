// hubctl's rendering of the analyst views (protos/hub/v1/views.proto) as
// readable tables, aligned by display width for Chinese names. Chinese by
// default, English with --lang en (tools/hubctl/i18n.h): headers and states
// in the chosen language, departments by their catalog names in Chinese and
// by code in English. The views' own texts (a check's arithmetic, a
// roll-up's coverage) are shown as the hub wrote them.
#ifndef HUB_TOOLS_HUBCTL_VIEWS_FORMAT_H_
#define HUB_TOOLS_HUBCTL_VIEWS_FORMAT_H_

#include <string>
#include <vector>

#include "hub/v1/views.pb.h"
#include "tools/hubctl/i18n.h"

namespace hub {

// In the chosen language (hub/model/labels.h): "进度正常" / "on track".
std::string AttainmentStateName(v1::AttainmentState state);
std::string ReportStateName(v1::ReportState state);     // "迟报" / "late"
std::string LedgerStatusName(v1::LedgerStatus status);  // "未报送"

// One roll-up in full: value, components, coverage, disputed part, own
// record, and one line per unit (departments named from names).
std::string RollupDetail(const v1::Rollup& rollup, const hubctl::Names& names);
// Several roll-ups, one line each.
std::string RollupsTable(const std::vector<v1::Rollup>& rollups);

std::string AttainmentTable(const std::vector<v1::AttainmentRow>& rows);
std::string AttainmentSummary(const v1::AttainmentReport& report);

std::string ReportingTable(const std::vector<v1::ExpectedReport>& reports);
// Tables with a code column show the catalog's name beside it in both
// languages.
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
