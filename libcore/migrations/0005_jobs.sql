-- Durable background work (libcore jobs/job_queue.hpp): deliveries, print batches, notice
-- removals, orders to other systems. A job is enqueued in the transaction of the change that
-- causes it, so both happen or neither. Workers claim ready jobs (PostgreSQL: FOR UPDATE
-- SKIP LOCKED, so several processes share the queue), hold them for a lease, and finish them
-- as done, to be retried later (with backoff) or failed. A worker that dies loses its lease
-- and another takes the job over; `attempts` fences the old worker out.
-- (municipality, queue, idempotency_key) is unique: enqueueing the same work twice is a no-op.
-- payload holds references (ids), never personal data: handlers read that through a Context.
CREATE TABLE job (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  queue TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_after {{timestamp}} NOT NULL,
  locked_by TEXT,
  locked_until {{timestamp}},
  last_error TEXT,
  created_at {{timestamp}} NOT NULL,
  finished_at {{timestamp}},
  UNIQUE (municipality, queue, idempotency_key)
);
CREATE INDEX job_ready ON job (queue, state, run_after);
