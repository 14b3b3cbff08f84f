-- The trace context of the consumer that created a delivery (W3C traceparent; NULL when tracing is off):
-- the worker that sends it later, in no trace of its own, continues the event's trace from it (ADR 0031).
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS traceparent text;
