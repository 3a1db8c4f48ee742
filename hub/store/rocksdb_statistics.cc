// RocksDbStore::Statistics(): the RocksDB tickers and properties worth a
// metric (issue 13: "RocksDB's own key statistics").
#include "hub/store/internal/open_plan.h"
#include "hub/store/rocksdb_store.h"
#include "rocksdb/db.h"
#include "rocksdb/statistics.h"
#include "rocksdb/transaction_log.h"

namespace hub {
namespace {

struct Ticker {
  uint32_t ticker;
  const char* name;
  const char* help;
};

const Ticker kTickers[] = {
    {rocksdb::BYTES_WRITTEN, "bytes_written_total",
     "bytes written to the database by writes"},
    {rocksdb::BYTES_READ, "bytes_read_total", "bytes read by point lookups"},
    {rocksdb::WAL_FILE_SYNCED, "wal_syncs_total",
     "write-ahead log syncs (fsync)"},
    {rocksdb::WAL_FILE_BYTES, "wal_bytes_total",
     "bytes written to the write-ahead log"},
    {rocksdb::FLUSH_WRITE_BYTES, "flush_bytes_total",
     "bytes written by memtable flushes"},
    {rocksdb::COMPACT_WRITE_BYTES, "compaction_bytes_total",
     "bytes written by compactions"},
    {rocksdb::STALL_MICROS, "stall_micros_total",
     "microseconds writes were stalled by RocksDB"},
    {rocksdb::BLOCK_CACHE_HIT, "block_cache_hits_total", "block cache hits"},
    {rocksdb::BLOCK_CACHE_MISS, "block_cache_misses_total",
     "block cache misses"},
};

struct Property {
  const char* property;
  const char* name;
  const char* help;
};

const Property kProperties[] = {
    {"rocksdb.total-sst-files-size", "sst_bytes", "bytes of table files"},
    {"rocksdb.estimate-live-data-size", "live_data_bytes",
     "estimated bytes of live data"},
    {"rocksdb.cur-size-all-mem-tables", "memtable_bytes", "bytes in memtables"},
    {"rocksdb.estimate-pending-compaction-bytes", "pending_compaction_bytes",
     "estimated bytes compaction has yet to rewrite"},
    {"rocksdb.num-running-compactions", "running_compactions",
     "compactions running"},
    {"rocksdb.num-running-flushes", "running_flushes", "flushes running"},
    {"rocksdb.background-errors", "background_errors",
     "background errors since opening"},
    {"rocksdb.actual-delayed-write-rate", "delayed_write_rate",
     "bytes per second writes are slowed to (0: not slowed)"},
    {"rocksdb.is-write-stopped", "write_stopped",
     "1 when RocksDB has stopped writes"},
};

}  // namespace

std::vector<StoreStatistic> RocksDbStore::Statistics() const {
  std::vector<StoreStatistic> out;
  for (const Ticker& t : kTickers) {
    out.push_back(
        {t.name, t.help, true,
         static_cast<double>(plan_->statistics->getTickerCount(t.ticker))});
  }
  std::shared_ptr<Instance> in = Current();
  for (const Property& p : kProperties) {
    uint64_t value = 0;
    if (in->db->GetAggregatedIntProperty(p.property, &value)) {
      out.push_back({p.name, p.help, false, static_cast<double>(value)});
    }
  }
  rocksdb::VectorLogPtr wals;
  if (!in->read_only && in->db->GetSortedWalFiles(wals).ok()) {
    uint64_t bytes = 0;
    for (const auto& w : wals) bytes += w->SizeFileBytes();
    out.push_back({"live_wal_files", "write-ahead log files kept", false,
                   static_cast<double>(wals.size())});
    out.push_back({"live_wal_bytes", "bytes of write-ahead log kept", false,
                   static_cast<double>(bytes)});
  }
  return out;
}

}  // namespace hub
