#include "samverkan/storage/write_transaction.hpp"

#include <soci/soci.h>

namespace samverkan::storage {

void begin_write(soci::session& session, Backend backend) {
  if (backend == Backend::kSqlite) {
    // soci's commit()/rollback() just send COMMIT/ROLLBACK, so they end this transaction too.
    session << "BEGIN IMMEDIATE";
  } else {
    session.begin();
  }
}

WriteTransaction::WriteTransaction(soci::session& session, Backend backend) : session_(session) {
  begin_write(session, backend);
}

WriteTransaction::~WriteTransaction() {
  if (finished_) return;
  try {
    session_.rollback();
  } catch (...) {
    // A broken connection rolls back by itself.
  }
}

void WriteTransaction::commit() {
  finished_ = true;
  session_.commit();
}

}  // namespace samverkan::storage
