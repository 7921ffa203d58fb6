#define _GNU_SOURCE
#include "ThreadTeam.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define relax() _mm_pause()
#else
#define relax() ((void)0)
#endif

// One loop at a time holds the team (`submit`). A loop lives on its caller's stack; helpers
// reach it through `current` and count themselves in `inside` before they touch it, so the
// caller, after taking it down, waits until no helper is inside before its frame goes away.
typedef struct {
    dl_team_body body;
    void *context;
    long items;
    long helpers;             // helpers 0 ..< this take part
    _Atomic long next;        // the next item to hand out
    _Atomic long finished;    // items done
} loop;

enum { max_helpers = 255 };

static pthread_mutex_t submit = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static _Atomic(loop *) current;
static _Atomic unsigned long generation;  // +1 per loop started
static _Atomic long inside;                // helpers holding a pointer to `current`
static _Atomic long sleepers;
// How long helpers spin after a loop before they sleep: longer than the serial stretches
// between a step's loops, short enough that an idle process soon stops using the cores.
enum { spin_ns = 2000000 };
static long spawned;                       // helpers started (under `submit`)
static _Thread_local int in_team;          // this thread is a helper or is running a loop

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

static void take_items(loop *l) {
    long i;
    while ((i = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed)) < l->items) {
        l->body(l->context, i);
        atomic_fetch_add_explicit(&l->finished, 1, memory_order_release);
    }
}

static void *helper(void *argument) {
    const long index = (long)argument;
    in_team = 1;
    unsigned long seen = atomic_load(&generation);
    for (;;) {
        // Spin for a while, then sleep until the next loop starts.
        long deadline = now_ns() + spin_ns;
        for (long spins = 0; atomic_load_explicit(&generation, memory_order_acquire) == seen; spins++) {
            relax();
            if ((spins & 255) == 255 && now_ns() > deadline) {
                pthread_mutex_lock(&sleep_lock);
                atomic_fetch_add(&sleepers, 1);
                while (atomic_load(&generation) == seen) pthread_cond_wait(&wake, &sleep_lock);
                atomic_fetch_sub(&sleepers, 1);
                pthread_mutex_unlock(&sleep_lock);
            }
        }
        seen = atomic_load_explicit(&generation, memory_order_acquire);
        atomic_fetch_add(&inside, 1);
        loop *l = atomic_load(&current);
        if (l && index < l->helpers) take_items(l);
        atomic_fetch_sub(&inside, 1);
    }
    return NULL;
}

// The CPUs this process may run on (a Slurm job's share, a taskset): more threads than that
// would spin against each other.
static long usable_cpus(void) {
    static _Atomic long count;  // 0 until first asked; every thread computes the same value
    long n = atomic_load_explicit(&count, memory_order_relaxed);
    if (n == 0) {
        cpu_set_t set;
        n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
        if (n < 1) n = 1;
        atomic_store_explicit(&count, n, memory_order_relaxed);
    }
    return n;
}

// One turn of a wait: spin a while, then yield the core, since the item still running may
// belong to a thread the OS has parked.
static void back_off(long spins) {
    if (spins < 100000) relax(); else sched_yield();
}

void dl_team_run(long threads, long items, dl_team_body body, void *context) {
    if (threads > usable_cpus()) threads = usable_cpus();
    if (threads > max_helpers + 1) threads = max_helpers + 1;
    if (threads <= 1 || items <= 1 || in_team || pthread_mutex_trylock(&submit) != 0) {
        for (long i = 0; i < items; i++) body(context, i);
        return;
    }
    while (spawned < threads - 1) {
        pthread_t t;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attributes, 8 << 20);  // items run Swift code with stack buffers
        int failed = pthread_create(&t, &attributes, helper, (void *)spawned);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        spawned++;
    }
    loop l = {body, context, items, threads - 1 < spawned ? threads - 1 : spawned, 0, 0};
    in_team = 1;
    atomic_store(&current, &l);
    atomic_fetch_add_explicit(&generation, 1, memory_order_seq_cst);
    if (atomic_load(&sleepers) > 0) {
        pthread_mutex_lock(&sleep_lock);
        pthread_cond_broadcast(&wake);
        pthread_mutex_unlock(&sleep_lock);
    }
    take_items(&l);
    for (long spins = 0; atomic_load_explicit(&l.finished, memory_order_acquire) < items; spins++) back_off(spins);
    // Take the loop down; a helper that read `current` before this is counted in `inside`.
    atomic_store(&current, NULL);
    for (long spins = 0; atomic_load(&inside) > 0; spins++) back_off(spins);
    in_team = 0;
    pthread_mutex_unlock(&submit);
}
