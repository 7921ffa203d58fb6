// The blocked GEMM driver (BLIS loop order), packing, per-thread workspace and CPU dispatch.
// Nothing here does arithmetic on the values: all floating point is in the micro-kernels.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "GEMMKernels.h"
#include "Kernels.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static inline long min_l(long x, long y) { return x < y ? x : y; }

// MARK: - Tuning hook (development only)

// Benchmarks can force a shape index and blocking; 0 / -1 mean the default.
int dl_gemm_tune_shape = -1;
long dl_gemm_tune_mc = 0, dl_gemm_tune_kc = 0, dl_gemm_tune_nc = 0;

// MARK: - Workspace

// Packed panels live in a per-thread buffer that grows as needed and is freed when the thread
// exits (libdispatch retires idle workers, so a leak per thread would add up).
typedef struct {
    float *p;
    size_t capacity;  // floats
} workspace;

static pthread_key_t workspace_key;
static pthread_once_t workspace_once = PTHREAD_ONCE_INIT;

static void workspace_free(void *w) {
    free(((workspace *)w)->p);
    free(w);
}
static void workspace_make_key(void) { pthread_key_create(&workspace_key, workspace_free); }

static float *workspace_get(size_t floats) {
    pthread_once(&workspace_once, workspace_make_key);
    workspace *w = pthread_getspecific(workspace_key);
    if (!w) {
        w = calloc(1, sizeof *w);
        if (!w) abort();
        pthread_setspecific(workspace_key, w);
    }
    if (w->capacity < floats) {
        free(w->p);
        // 64-byte aligned: whole cache lines per panel row, aligned vector loads.
        size_t bytes = (floats * sizeof(float) + 63) & ~(size_t)63;
        w->p = aligned_alloc(64, bytes);
        if (!w->p) abort();
        w->capacity = floats;
    }
    return w->p;
}

// MARK: - Packing

// A block (mc, kc) → ceil(mc/MR) panels of kc·MR floats, panel element (i, p) at [p·MR + i].
// Rows past mc are zero: they feed only tile rows that are never written back.
static void pack_a(int mr, dl_view a, long mc, long kc, float *restrict dst) {
    for (long ir = 0; ir < mc; ir += mr) {
        const long rows = min_l(mr, mc - ir);
        const float *src = a.p + ir * a.rs;
        if (a.rs == 1) {
            // op(A) columns contiguous (A stored transposed): a copy of `rows` floats per p.
            for (long p = 0; p < kc; p++) {
                memcpy(dst + p * mr, src + p * a.cs, rows * sizeof(float));
                for (long i = rows; i < mr; i++) dst[p * mr + i] = 0.0f;
            }
        } else {
            for (long p = 0; p < kc; p++) {
                for (long i = 0; i < rows; i++) dst[p * mr + i] = src[i * a.rs + p * a.cs];
                for (long i = rows; i < mr; i++) dst[p * mr + i] = 0.0f;
            }
        }
        dst += kc * mr;
    }
}

// B block (kc, nc) → ceil(nc/NR) panels of kc·NR floats, panel element (p, j) at [p·NR + j].
// Columns past nc are zero: they feed only tile columns that are never written back.
static void pack_b(int nr, dl_view b, long kc, long nc, float *restrict dst) {
    for (long jr = 0; jr < nc; jr += nr) {
        const long cols = min_l(nr, nc - jr);
        const float *src = b.p + jr * b.cs;
        if (b.cs == 1) {
            for (long p = 0; p < kc; p++) {
                memcpy(dst + p * nr, src + p * b.rs, cols * sizeof(float));
                for (long j = cols; j < nr; j++) dst[p * nr + j] = 0.0f;
            }
        } else {
            // op(B) columns contiguous (B stored transposed): read each column in order.
            for (long j = 0; j < cols; j++) {
                const float *col = src + j * b.cs;
                for (long p = 0; p < kc; p++) dst[p * nr + j] = col[p * b.rs];
            }
            for (long p = 0; p < kc; p++)
                for (long j = cols; j < nr; j++) dst[p * nr + j] = 0.0f;
        }
        dst += kc * nr;
    }
}

// MARK: - Blocked product

static void packed_gemm(const dl_kernel_shape *s, dl_view a, dl_view b, long m, long n, long k,
                        int accumulate, float *c, long ldc) {
    const int mr = s->mr, nr = s->nr;
    const long MC = dl_gemm_tune_mc ? dl_gemm_tune_mc : s->mc;
    const long KC = dl_gemm_tune_kc ? dl_gemm_tune_kc : s->kc;
    const long NC = dl_gemm_tune_nc ? dl_gemm_tune_nc : s->nc;
    const long kcMax = min_l(KC, k);
    const long mcMax = (min_l(MC, m) + mr - 1) / mr * mr;
    const long ncMax = (min_l(NC, n) + nr - 1) / nr * nr;
    float *packedA = workspace_get((size_t)(mcMax + ncMax) * kcMax);
    float *packedB = packedA + mcMax * kcMax;
    // Edge tiles run on this buffer so the kernel never touches C outside the (m, n) block.
    _Alignas(64) float edge[DL_MAX_TILE];

    for (long jc = 0; jc < n; jc += NC) {
        const long nc = min_l(NC, n - jc);
        for (long pc = 0; pc < k; pc += KC) {
            const long kc = min_l(KC, k - pc);
            // The first K block starts the chains (+0 or the caller's C); later ones continue
            // from the float the previous block stored.
            const int load_c = accumulate || pc > 0;
            pack_b(nr, (dl_view){b.p + pc * b.rs + jc * b.cs, b.rs, b.cs}, kc, nc, packedB);
            for (long ic = 0; ic < m; ic += MC) {
                const long mc = min_l(MC, m - ic);
                pack_a(mr, (dl_view){a.p + ic * a.rs + pc * a.cs, a.rs, a.cs}, mc, kc, packedA);
                for (long jr = 0; jr < nc; jr += nr) {
                    const long cols = min_l(nr, nc - jr);
                    const float *bp = packedB + (jr / nr) * kc * nr;
                    for (long ir = 0; ir < mc; ir += mr) {
                        const long rows = min_l(mr, mc - ir);
                        const float *ap = packedA + (ir / mr) * kc * mr;
                        float *ct = c + (ic + ir) * ldc + jc + jr;
                        if (rows == mr && cols == nr) {
                            s->kernel(kc, ap, mr, bp, nr, ct, ldc, load_c);
                        } else {
                            if (load_c)
                                for (long i = 0; i < rows; i++)
                                    memcpy(edge + i * nr, ct + i * ldc, cols * sizeof(float));
                            s->kernel(kc, ap, mr, bp, nr, edge, nr, load_c);
                            for (long i = 0; i < rows; i++)
                                memcpy(ct + i * ldc, edge + i * nr, cols * sizeof(float));
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Dispatch

static int cpu_has_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma");
}

int dl_gemm_kernel_supported(int kernel) {
    __builtin_cpu_init();
    switch (kernel) {
    case DL_GEMM_PORTABLE: return 1;
    case DL_GEMM_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case DL_GEMM_AVX512: return __builtin_cpu_supports("avx512f");
    default: return 0;
    }
}

static const dl_kernel_shape *shape_for(int kernel) {
    switch (kernel) {
    case DL_GEMM_AVX2:
        return &dl_avx2_shapes[dl_gemm_tune_shape >= 0 && dl_gemm_tune_shape < dl_avx2_shape_count
                                   ? dl_gemm_tune_shape : 0];
    case DL_GEMM_AVX512:
        return &dl_avx512_shapes[dl_gemm_tune_shape >= 0 && dl_gemm_tune_shape < dl_avx512_shape_count
                                     ? dl_gemm_tune_shape : 0];
    default: return NULL;
    }
}

void dl_gemm_split_granularity(int kernel, long *rows, long *columns) {
    const dl_kernel_shape *s = shape_for(kernel);
    *rows = s ? s->mr : 1;
    *columns = s ? s->nr : 1;
}

void dl_gemm(int kernel, int trans_a, int trans_b, long m, long n, long k,
             const float *a, long lda, const float *b, long ldb,
             int accumulate, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        // Empty chains: +0, or C untouched.
        if (!accumulate)
            for (long i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(float));
        return;
    }
    const dl_view va = trans_a ? (dl_view){a, 1, lda} : (dl_view){a, lda, 1};
    const dl_view vb = trans_b ? (dl_view){b, 1, ldb} : (dl_view){b, ldb, 1};
    const dl_kernel_shape *s = shape_for(kernel);
    if (!s) {
        (cpu_has_fma() ? dl_gemm_portable_fma : dl_gemm_portable_libm)(va, vb, m, n, k, accumulate, c, ldc);
        return;
    }
    packed_gemm(s, va, vb, m, n, k, accumulate, c, ldc);
}
