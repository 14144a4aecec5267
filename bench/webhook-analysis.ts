/**
 * The prose of BENCHMARKS.md section 9 (outgoing webhooks): what bounds it and what was changed,
 * kept apart from the other sections' prose (bench-analysis.ts) so that each file stays readable.
 */
export const WEBHOOK_ANALYSIS = `**What was changed.** The first measurement of this section (2 000 events) had webhook delivery
at 0.03× raw POSTs (325 against 13 100 deliveries/s), with ≈ 330 µs of Node and ≈ 490 µs of
PostgreSQL CPU per delivery. Four things bounded it, each found by counting statements and timing them: a lane that
was answered while its claim was on the way was taken for drained, so the dispatcher slept until
its 250 ms poll between bursts; the outcome update checked the claim as a constant, which the
planner estimated from the column's all-null statistics and answered with a table scan per
write (≈ 850 µs of PostgreSQL per delivery in a batch of 256); the body was stored once per
endpoint, making every row wide and every claim a full-row update; and each delivery waited for
a claim and then an outcome round trip in its request slot. Now a lane keeps about 250 ms of work
waiting behind its 4 requests (claims of 50–100 rows), outcomes are written in groups after the
slot is freed, the body is stored once per event, claims and outcomes are prepared statements on
a pool of the dispatcher's own that commits without waiting for the WAL flush, the outcome update
finds rows by id, and the sender parses each URL and decodes each secret once.

**What bounds it.** The staged rows show the split: the fan-out costs ≈ 12 µs of Node and 17 µs
of PostgreSQL per delivery, the dispatcher ≈ 80–100 µs of Node and 55–60 µs of PostgreSQL. Of the
dispatcher's Node time, the HTTP request itself costs what a raw POST does (≈ 30–50 µs here, most
of it the socket write), signing ≈ 5–10 µs, and the rest is the driver's work for the claim and
outcome statements and the lane bookkeeping. Both contestants keep 16 requests in flight, so
throughput is 16 ÷ request latency, and a webhook request waits longer for its turn on an event
loop that also runs the database work: ≈ 2.5 ms on average against ≈ 1.4 ms for raw POSTs in a
quiet moment. The ratio therefore depends on the machine's load: when raw POSTs catch a quiet
second they reach 17–22 000/s and the ratio falls to ≈ 0.2; under load, when both wait for the
cores, it was 0.5–0.7 in runs during this work. The goal of 0.5× is met under load and missed on
a quiet machine. What would move it: one round trip per batch that both settles outcomes and
claims the next deliveries (done this round, below: it cut PostgreSQL's share, not Node's), or the HTTP client on a worker thread of its own so that requests do
not queue behind the driver; a wider lane than 4 per endpoint would too, but that width is the
promise to a slow endpoint.

**The round before (issue 20, the database side).** Profiled with \`node --cpu-prof\` and by counting statements and HOT updates, then
three cuts on the database side. One statement now settles the answered deliveries and claims
the next ones (webhook-round-trip.ts): the outcomes' write carries the claim whenever a lane
wants more, so the dispatcher's statements per 20,004 deliveries fell from 660–800 to 410–500.
A successful attempt is logged by its delivery row alone, no longer also as a row in
webhook_attempts (the API's log joins the two), which spares each delivered webhook an insert
and an index entry. And the table's fill factor went from 70 to 50 (migration 0081), so that
98 % of claims are HOT updates instead of 64 %. Measured before and after, alternating in the
same half hour (BENCH_RUNS=3 each, three pairs, load 5–10 on the two shared cores): PostgreSQL
CPU per delivery 69–77.5 → 56.5–63 µs end to end, and 50–55 → 41–43 µs for the dispatcher
alone (31–35 against 40–42 µs with the HTTP taken out). Node's CPU per delivery did not move
(≈ 90–115 µs before and after). Deliveries per second went 4,589, 5,419, 3,337 before against
3,515, 5,865, 4,571 after, ratios 0.21, 0.27, 0.17 against 0.56, 0.41, 0.22: only the third
pair caught the raw POSTs at the same pace (19,401 and 21,232/s), where webhooks went from
0.17× to 0.22×; the other ratios say more about the load the raw POSTs caught than about the
change. The goal of 0.5× stays missed whenever raw POSTs run at full pace. Node is the bound
now: in isolation the sender costs ≈ 40 µs per request against ≈ 22–25 µs for a raw POST (the
signature and its headers ≈ 5–6 µs, the URL object ≈ 2–3, the rest promise layers), the
dispatcher's own work without HTTP ≈ 27 µs, and the remainder is the two sharing one event
loop. The lever left is the sender on a worker thread of its own; it was not tried in that round.

**This round (issue 20, the sender).** Where the dispatcher's 162 µs of Node per delivery went,
against ≈ 67 µs of parts measured apart: a profile under the bench showed the socket write
(\`writev\`) as a quarter of the samples, but it is wall time, not CPU: the write wakes the
receiver, and on a loaded machine the scheduler runs it at once, so the writer is descheduled
inside the call (system time was 4–8 µs per request). The CPU went to node:http itself, which
costs more per request in the bench than the isolated ≈ 40 µs (the old sender alone at 16 in
flight on this loaded machine: 50–65 µs), GC ≈ 5 µs, signing ≈ 8 µs, the driver ≈ 8 µs, the
dispatcher's own code ≈ 13 µs. The figure itself also depends on the load: in the pairs below
(load 7–11) the same build's dispatcher cost 100–113 µs, not 162; on the quiet machine of the
full run more answers arrive in event-loop turns of their own, and each turn has its fixed cost
(our reading, not measured apart). So the sender now goes through undici's dispatcher API (undici 7, the
HTTP client inside Node's fetch) with a flat header array and one handler object per attempt,
the same wire as before (same headers and signature, no redirect followed, 15 s for the whole
attempt, 4 KiB of the answer read, the address checked on every connection); alone against the
bench's receiver it costs 20–27 µs per request against 50–65 for the old sender and 35–42 for
node:http with prebuilt options. Measured against the build before, alternating in the same
quarter hour (BENCH_RUNS=3 each, medians, load 7–11 on the two shared cores), three pairs: Node
CPU per delivery 114, 132, 125 → 75, 69, 68 µs end to end and 113, 109, 100 → 55, 61, 60 µs for
the dispatcher alone; the receiver's 32–33 → 21–23 µs (undici writes fewer header lines);
PostgreSQL unchanged (72–76 against 68–78). Deliveries per second 3,151, 4,447, 3,419 →
3,334, 5,854, 5,668, ratios 0.21, 0.38, 0.28 → 0.40, 0.40, 0.44; the dispatcher alone went
from 2,832–5,029 to 4,510–8,071 deliveries/s. Node's main thread, busy 84 % of the webhook part
of a profiled run before, is busy 51 % after: Node is no longer the bound, and the HTTP client on
a worker thread of its own (the lever named last round) was therefore not built: it would add a
message per request each way to spare a thread that waits half the time. Two smaller cuts in
the dispatcher (a delivered webhook's debug log line was built and dropped on every delivery, and
the outcome counter looked its label up each time) measured 74 → 60 and 84 → 79 µs of Node in
two more pairs, within the machine's noise. The raw POSTs were sent through node:http only;
the bench now also sends them through undici, and since this round the target divides by the
faster of the two, so that the sender's own choice of client cannot flatter the ratio: in the first run with it (load 9), 13,677–35,655/s at 16–34 µs of Node and 12–18 µs
of the receiver, against node:http's 8,448–16,369/s at 37–61 µs and 20–32. Part of this round's
gain is thus a cheaper client than the old yardstick used; against raw POSTs through
undici, webhooks stood at 0.40, 0.23 and 0.14× in that run's three (median 0.18×). A last pair with everything
of this round, after merging main (load 6): Node 123 → 99 µs end to end and 115 → 65 for the
dispatcher alone, PostgreSQL 68 → 68, the receiver 34 → 26; 5,781 → 6,878 deliveries/s, the
ratio 0.36 → 0.46× (raw POSTs 16,164 and 14,884/s), and 0.29× of the undici raw POSTs.

**What bounds it now.** On a loaded machine each contestant gets about the same share of the
two cores (≈ 0.9 core in these runs), so the ratio follows total CPU per delivery: raw POSTs cost
≈ 42 µs of Node and 22 of the receiver (≈ 65), webhooks ≈ 70 of Node, 72 of PostgreSQL and 22 of
the receiver (≈ 165), and 65 ÷ 165 ≈ 0.39, the ratio measured. On a quiet machine raw POSTs are
bound by one Node thread (≈ 25,000/s at 40 µs) and webhooks by the 165 µs over two cores
(≈ 12,000/s), at best ≈ 0.48. Meeting 0.5× therefore needs webhooks at ≤ 130 µs in all, and the
part left to cut is PostgreSQL's: ≈ 26 µs of it is the fan-out inserting a row per event and
endpoint, ≈ 46 µs the claim and settle updates. A delivery row written only when an attempt
fails, with each endpoint's lane claimed as a whole (a lease on the endpoint, its feed position as
the checkpoint), would take most of the 72 µs away for the common
case, a first attempt that succeeds; it changes what a crash re-sends and how two workers share
an endpoint, so it is a design change for a round of its own. Those figures were measured against
the raw POSTs through node:http; against the faster client, the target's yardstick since the end of
this round, the budget is tighter still (the summary at the top works it out from the run's own
figures): undici's raw POSTs cost ≈ 30 µs in all, so 0.5× of them on two cores leaves a delivery
≈ 70 µs, about what PostgreSQL's share alone costs now.`;
