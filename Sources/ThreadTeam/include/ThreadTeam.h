#ifndef DRIFTLAB_THREAD_TEAM_H
#define DRIFTLAB_THREAD_TEAM_H

// The threads driftlab's parallel loops run on: the calling thread plus helpers that, between
// loops, spin for a while before they sleep, so that the next loop (a training step runs a few
// hundred, many of them well under a millisecond) starts on all cores at once. libdispatch's
// workers go to sleep at once and took ~60 µs to wake on a 2-vCPU VM (measured 2026-12-07:
// two 47 µs items took 109 µs, not 47) — as long as a small loop itself. OpenMP's runtime spins
// the same way, but needs a compiler flag SwiftPM only allows in a root package.
//
// Which thread runs which item never changes a result: callers give every item disjoint output.

#ifdef __cplusplus
extern "C" {
#endif

/// One item of a loop: `body(context, item)`.
typedef void (*dl_team_body)(void *context, long item);

/// Runs body(context, i) for i in 0 ..< items on up to `threads` threads (the caller and
/// threads − 1 helpers) and returns when all have finished. Runs on the caller alone when
/// threads ≤ 1, items ≤ 1, when called from inside an item (nested loops), or while another
/// thread's loop holds the team.
void dl_team_run(long threads, long items, dl_team_body body, void *context);

#ifdef __cplusplus
}
#endif

#endif
