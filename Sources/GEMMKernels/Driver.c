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
// With a row table, row i of the block is at a.p + a_rows[i] (op(A) read through a table).
static void pack_a(int mr, dl_view a, const long *a_rows, long mc, long kc, float *restrict dst) {
    for (long ir = 0; ir < mc; ir += mr, dst += kc * mr) {
        const long rows = min_l(mr, mc - ir);
        const float *src = a.p + ir * a.rs;
        if (a_rows)
            dl_pack_transposing_rows(mr, rows, a.p, a_rows + ir, kc, dst);
        else if (a.cs == 1)
            dl_pack_transposing(mr, rows, src, a.rs, kc, dst);  // A (M, K) as stored
        else
            dl_pack_copying(mr, rows, src, a.cs, kc, dst);      // A stored (K, M)
    }
}

// B block (kc, nc) → ceil(nc/NR) panels of kc·NR floats, panel element (p, j) at [p·NR + j].
// Columns past nc are zero: they feed only tile columns that are never written back.
static void pack_b(int nr, dl_view b, long kc, long nc, float *restrict dst) {
    for (long jr = 0; jr < nc; jr += nr, dst += kc * nr) {
        const long cols = min_l(nr, nc - jr);
        const float *src = b.p + jr * b.cs;
        if (b.cs == 1)
            dl_pack_copying(nr, cols, src, b.rs, kc, dst);      // B (K, N) as stored
        else
            dl_pack_transposing(nr, cols, src, b.cs, kc, dst);  // B stored (N, K)
    }
}

// An op(B) that is not a strided view, packed panel by panel: a convolution's column matrix
// (its columns q0 …), or rows anywhere in memory (row p at base + rows[p], columns from q0).
typedef struct {
    const dl_conv_columns *conv;
    const float *base;
    const long *rows;
    long q0;
} b_source;

// Rows pc ..< pc + kc, columns j0 ..< j0 + cols of a b_source into dst[p·R + j], +0 past cols.
static void pack_source(int R, const b_source *src, long pc, long kc, long j0, long cols, float *dst) {
    if (src->conv)
        dl_pack_conv(R, src->conv, pc, kc, src->q0 + j0, cols, dst);
    else
        dl_pack_row_table(R, cols, src->base + src->q0 + j0, src->rows + pc, kc, dst);
}

// B block (kc, nc) at rows pc, columns j0 of op(B): from the view or from the source.
static void pack_b_block(int nr, dl_view b, const b_source *src, long pc, long j0, long kc, long nc,
                         float *restrict dst) {
    if (!src) {
        pack_b(nr, (dl_view){b.p + pc * b.rs + j0 * b.cs, b.rs, b.cs}, kc, nc, dst);
        return;
    }
    for (long jr = 0; jr < nc; jr += nr, dst += kc * nr) pack_source(nr, src, pc, kc, j0 + jr, min_l(nr, nc - jr), dst);
}

// MARK: - Blocked product

// Reading an operand in place instead of packing it (speed only: the kernel sees the same
// values in the same order either way). A packing pass is pure memory traffic that does not
// overlap with arithmetic; it pays only where the packed panels are reused often, or where
// reading in place would thrash L1. Measured on Zen 4:
//  - A stored (K, M): each step reads MR contiguous floats; in place is as fast as packed or
//    faster, always.
//  - A stored (M, K): MR rows read side by side; in place while few column panels of B reuse
//    them (N ≤ 8·NR) and the rows do not share L1 sets.
//  - B stored (K, N): KC rows of NR floats; in place when K is tiny or few row panels of A
//    reuse them (M ≤ 8·MR), and the rows do not share L1 sets.
static long a_in_place_max_panels = 8;
static long b_in_place_max_k = 16, b_in_place_max_panels = 8;

// Whether `rows` rows `stride` floats apart can stay in L1 together: Zen 4's (and most x86
// cores') L1D is 32 KB, 8-way, 64 sets of 64-byte lines, and a stride that is a multiple of
// 4 KB (K = 9216, N = 4096, ...) puts every row in the same set. Allow at most 6 per set (the
// 6-row tile fits; 16 rows at K = 9216 thrash).
static int rows_fit_l1(long stride, long rows) {
    unsigned char count[64] = {0};
    for (long r = 0; r < rows; r++)
        if (++count[((unsigned long)(r * stride) * sizeof(float) / 64) % 64] > 6) return 0;
    return 1;
}

// The block size for splitting `total` into ceil(total / limit) nearly equal blocks, rounded up
// to a multiple of `unit`.
static long balanced(long total, long limit, long unit) {
    const long blocks = (total + limit - 1) / limit;
    const long size = (total + blocks - 1) / blocks;
    return (size + unit - 1) / unit * unit;
}

// op(B) is the view b, or with src != NULL that source (never read in place: packing it is
// the im2col). op(A) is the view a, or with a_rows != NULL row i at a.p + a_rows[i] (a.rs = 0,
// a.cs = 1; read in place by the shape's row-table kernel where it has one, else packed).
static void packed_gemm(const dl_kernel_shape *s, dl_view a, const long *a_rows, dl_view b, const b_source *src,
                        long m, long n, long k, int accumulate, float *c, long ldc) {
    const int mr = s->mr, nr = s->nr;
    if (mr * nr > DL_MAX_TILE) abort();  // a shape table entry larger than the edge buffer
    // Blocks of (nearly) equal size rather than full blocks and a short rest (K = 576 → 2 × 288,
    // not 512 + 64): a short K block still pays a whole pass over C, a short M or N block a
    // whole packing of the other operand's block. MC and NC stay multiples of MR and NR.
    const long KC = balanced(k, s->kc, 1);
    const long MC = balanced(m, s->mc, mr);
    const long NC = balanced(n, s->nc, nr);
    // A through a row table is read in place by the shape's row-table kernel on the same terms as
    // strided rows (few column panels of B reuse it); its rows' addresses are the caller's.
    const int a_in_place = a_rows ? s->kernel_row_table && n <= a_in_place_max_panels * nr
                                  : a.rs == 1 || (n <= a_in_place_max_panels * nr && rows_fit_l1(a.rs, mr));
    const int b_in_place = !src && b.cs == 1 && (k <= b_in_place_max_k || m <= b_in_place_max_panels * mr) &&
                           rows_fit_l1(b.rs, min_l(KC, k));
    // With one block of A (M ≤ MC) each B micro-panel is used by one sweep over A only: pack it
    // just before that sweep, into a buffer that stays in L2, instead of the whole B block.
    // A row table read in place by the shape's table kernel (A packed): only partial column
    // panels are packed, one at a time.
    const int b_table = src && !src->conv && s->kernel_table && !a_in_place;
    const int b_by_panel = !b_in_place && (m <= MC || b_table);
    const long kcMax = min_l(KC, k);
    const long mcMax = (min_l(MC, m) + mr - 1) / mr * mr;
    const long ncMax = (min_l(NC, n) + nr - 1) / nr * nr;
    // In-place operands still pack their last, partial panel (zero padded).
    const long aFloats = (a_in_place ? mr : mcMax) * kcMax;
    const long bFloats = (b_in_place || b_by_panel ? nr : ncMax) * kcMax;
    float *packedA = workspace_get((size_t)(aFloats + bFloats));
    float *packedB = packedA + aFloats;
    // Edge tiles run on this buffer so the kernel never touches C outside the (m, n) block.
    _Alignas(64) float edge[DL_MAX_TILE];

    for (long jc = 0; jc < n; jc += NC) {
        const long nc = min_l(NC, n - jc);
        for (long pc = 0; pc < k; pc += KC) {
            const long kc = min_l(KC, k - pc);
            // The first K block starts the chains (+0 or the caller's C); later ones continue
            // from the float the previous block stored.
            const int load_c = accumulate || pc > 0;
            const dl_view bBlock = {b.p + pc * b.rs + jc * b.cs, b.rs, b.cs};
            if (!b_in_place && !b_by_panel)
                pack_b_block(nr, b, src, pc, jc, kc, nc, packedB);
            else if (b_in_place && nc % nr)
                pack_b(nr, (dl_view){bBlock.p + nc / nr * nr * b.cs, b.rs, b.cs}, kc, nc % nr, packedB);
            for (long ic = 0; ic < m; ic += MC) {
                const long mc = min_l(MC, m - ic);
                const dl_view aBlock = {a.p + ic * a.rs + pc * a.cs, a.rs, a.cs};
                if (!a_in_place)
                    pack_a(mr, aBlock, a_rows ? a_rows + ic : NULL, mc, kc, packedA);
                else if (mc % mr)
                    pack_a(mr, (dl_view){aBlock.p + mc / mr * mr * a.rs, a.rs, a.cs},
                           a_rows ? a_rows + ic + mc / mr * mr : NULL, mc % mr, kc, packedA);
                for (long jr = 0; jr < nc; jr += nr) {
                    const long cols = min_l(nr, nc - jr);
                    const float *bp;
                    long b_ps;
                    const int table = b_table && cols == nr;
                    if (b_in_place && cols == nr) {
                        bp = bBlock.p + jr, b_ps = b.rs;
                    } else if (table) {
                        bp = src->base + src->q0 + jc + jr, b_ps = 0;  // row p at bp + rows[pc + p]
                    } else if (b_by_panel) {
                        pack_b_block(nr, b, src, pc, jc + jr, kc, cols, packedB);
                        bp = packedB, b_ps = nr;
                    } else {
                        bp = packedB + (b_in_place ? 0 : (jr / nr) * kc * nr), b_ps = nr;
                    }
                    for (long ir = 0; ir < mc; ir += mr) {
                        const long rows = min_l(mr, mc - ir);
                        const float *ap;
                        long a_rs = 1, a_ps = mr;
                        dl_ukernel kernel = s->kernel;
                        if (a_in_place && rows == mr) {
                            ap = aBlock.p + ir * a.rs;
                            if (a.rs == 1) a_ps = a.cs;                       // A stored (K, M)
                            else a_rs = a.rs, a_ps = 1, kernel = s->kernel_rows;  // A stored (M, K)
                        } else {
                            ap = packedA + (a_in_place ? 0 : (ir / mr) * kc * mr);
                        }
                        float *ct = c + (ic + ir) * ldc + jc + jr;
                        // The next tile's C, so its first loads (or the stores' fills) hit cache.
                        for (long i = 0; i < min_l(mr, mc - ir - mr); i++)
                            for (long j = 0; j < cols; j += 16)
                                __builtin_prefetch(ct + (mr + i) * ldc + j, 1, 3);
                        // A's rows through the table, read in place (row i at ap + aoff[i]).
                        const long *aoff = a_rows && a_in_place && rows == mr ? a_rows + ic + ir : NULL;
                        if (rows == mr && cols == nr) {
                            if (table) s->kernel_table(kc, ap, a_ps, bp, src->rows + pc, ct, ldc, load_c);
                            else if (aoff) s->kernel_row_table(kc, aBlock.p, aoff, bp, b_ps, ct, ldc, load_c);
                            else kernel(kc, ap, a_rs, a_ps, bp, b_ps, ct, ldc, load_c);
                        } else {
                            if (load_c)
                                for (long i = 0; i < rows; i++)
                                    memcpy(edge + i * nr, ct + i * ldc, cols * sizeof(float));
                            if (table) s->kernel_table(kc, ap, a_ps, bp, src->rows + pc, edge, nr, load_c);
                            else if (aoff) s->kernel_row_table(kc, aBlock.p, aoff, bp, b_ps, edge, nr, load_c);
                            else kernel(kc, ap, a_rs, a_ps, bp, b_ps, edge, nr, load_c);
                            for (long i = 0; i < rows; i++)
                                memcpy(ct + i * ldc, edge + i * nr, cols * sizeof(float));
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Direct small products

// Products of a few thousand to ~10^6 multiply-adds (an MLP step's GEMMs) are dominated by the
// blocked path's fixed costs: packing, padded edge tiles copied through a buffer, a tile shape
// chosen for large products. The direct path reads op(A) and a contiguous op(B) in place,
// masks the edge lanes, and packs only what cannot be read along its vector direction. Each
// element's chain is still +0 or C, then one fma per p ascending (speed only).
#define DIRECT_KC 512  // K rows of a packed operand at once; later chunks continue from C

// N ≤ 4: vectors run down the columns of C (16 rows each, 64 rows at once) instead of along
// rows, where they would be 1/16 .. 4/16 full. op(A) stored (K, M) is read in place; stored
// (M, K) its 64-row strip is transposed into a stack buffer, DIRECT_COLS_KC steps at a time.
#define DIRECT_COLS_KC 64
static void direct_narrow(dl_view a, dl_view b, long m, long n, long k, int accumulate,
                          float *c, long ldc) {
    _Alignas(64) float abuf[64 * DIRECT_COLS_KC];
    _Alignas(64) float cbuf[4 * 64];
    const int in_place = a.rs == 1;
    for (long i0 = 0; i0 < m; i0 += 64) {
        const long rows = min_l(64, m - i0);
        const int rv = (int)((rows + 15) / 16);
        if (accumulate)
            for (long j = 0; j < n; j++)
                for (long r = 0; r < rows; r++) cbuf[64 * j + r] = c[(i0 + r) * ldc + j];
        const long step = in_place ? k : DIRECT_COLS_KC;
        for (long p0 = 0; p0 < k; p0 += step) {
            const long kc = min_l(step, k - p0);
            const float *ap;
            long a_ps;
            if (in_place) {
                ap = a.p + i0 + p0 * a.cs, a_ps = a.cs;
            } else {
                dl_pack_transposing(64, rows, a.p + i0 * a.rs + p0, a.rs, kc, abuf);
                ap = abuf, a_ps = 64;
            }
            dl_small_cols((int)n, rv, kc, ap, a_ps, rows - 16 * (rv - 1), b.p + p0 * b.rs, b.rs, b.cs,
                          cbuf, accumulate || p0 > 0);
        }
        for (long j = 0; j < n; j++)
            for (long r = 0; r < rows; r++) c[(i0 + r) * ldc + j] = cbuf[64 * j + r];
    }
}

// N > 4: strips of 64 columns of C (48 when M ≤ 8, so one 8-row tile covers M instead of a 6-row
// one and a short rest), each swept by tiles of up to 16, 12, 8 or 6 rows (for 1, 2, 3, 4
// vectors of 16 columns). op(B) stored (K, N) is read in place; stored (N, K) the strip is
// transposed into the workspace (a 16·NV x KC panel, zero past N).
static void direct_wide(dl_view a, dl_view b, long m, long n, long k, int accumulate,
                        float *c, long ldc) {
    const int packed = b.cs != 1;
    const long width = m <= 8 ? 48 : 64;
    float *bbuf = packed ? workspace_get((size_t)width * min_l(k, DIRECT_KC)) : NULL;
    for (long j0 = 0; j0 < n; j0 += width) {
        const long cols = min_l(width, n - j0);
        const int nv = (int)((cols + 15) / 16);
        // A stored (M, K) is read along mr rows at once: fewer rows where their stride would put
        // them in the same L1 sets (6 always fit).
        long mr = dl_small_rows_max(nv);
        // A strip of at most 8 columns is one ymm per row, and without AVX-512VL only ymm0–15
        // exist: 12 accumulators + B + a broadcast fit, 16 would spill.
        if (cols <= 8) mr = 12;
        while (a.cs == 1 && mr > 6 && !rows_fit_l1(a.rs, mr)) mr--;
        const long step = packed ? DIRECT_KC : k;
        for (long p0 = 0; p0 < k; p0 += step) {
            const long kc = min_l(step, k - p0);
            const float *bp;
            long b_rs;
            if (packed) {
                dl_pack_transposing(16 * nv, cols, b.p + j0 * b.cs + p0, b.cs, kc, bbuf);
                bp = bbuf, b_rs = 16 * nv;
            } else {
                bp = b.p + p0 * b.rs + j0, b_rs = b.rs;
            }
            for (long i0 = 0; i0 < m; i0 += mr)
                dl_small_rows((int)min_l(mr, m - i0), nv, kc, a.p + i0 * a.rs + p0 * a.cs, a.rs, a.cs,
                              bp, b_rs, cols - 16 * (nv - 1), c + i0 * ldc + j0, ldc,
                              accumulate || p0 > 0);
        }
    }
}

static void direct_gemm(dl_view a, dl_view b, long m, long n, long k, int accumulate, float *c,
                        long ldc) {
    (n <= 4 ? direct_narrow : direct_wide)(a, b, m, n, k, accumulate, c, ldc);
}

// MARK: - Dispatch

static int cpu_has_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma");
}

// The definition, built with the FMA instruction where the CPU has it, else with libm's fmaf.
static void portable_gemm(dl_view a, dl_view b, long m, long n, long k, int accumulate, float *c, long ldc) {
    (cpu_has_fma() ? dl_gemm_portable_fma : dl_gemm_portable_libm)(a, b, m, n, k, accumulate, c, ldc);
}

int dl_gemm_kernel_supported(int kernel) {
    __builtin_cpu_init();
    switch (kernel) {
    case DL_GEMM_PORTABLE: return 1;
    case DL_GEMM_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    // Packing uses AVX2; every AVX-512F CPU has AVX2 and FMA too.
    case DL_GEMM_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
               __builtin_cpu_supports("fma");
    default: return 0;
    }
}

static const dl_kernel_shape *shapes(int kernel, int *count) {
    switch (kernel) {
    case DL_GEMM_AVX2: *count = dl_avx2_shape_count; return dl_avx2_shapes;
    case DL_GEMM_AVX512: *count = dl_avx512_shape_count; return dl_avx512_shapes;
    default: *count = 0; return NULL;
    }
}

// AVX-512 has one plan past its tile shapes: the direct small-product path.
static int has_direct(int kernel) { return kernel == DL_GEMM_AVX512; }

// Up to this many multiply-adds the direct path is faster than the blocked one (measured on
// Zen 4 over the MLP and convolution shapes); above it packing pays for itself.
static long direct_max_volume = 1L << 20;

int dl_gemm_plan_count(int kernel) {
    int count;
    return shapes(kernel, &count) ? count + has_direct(kernel) : 1;
}

int dl_gemm_plan(int kernel, long m, long n, long k, long *row_step, long *column_step) {
    (void)k;
    int count;
    const dl_kernel_shape *list = shapes(kernel, &count);
    long rows_unused, columns_unused;
    if (!row_step) row_step = &rows_unused;
    if (!column_step) column_step = &columns_unused;
    *row_step = 1, *column_step = 1;
    if (!list) return 0;
    if (has_direct(kernel) && (double)m * (double)n * (double)k <= (double)direct_max_volume) {
        *row_step = 16, *column_step = 16;
        return count;
    }
    // The tile shape that wastes least on padding: fewest multiply-adds over the padded
    // (ceil(m/MR)·MR, ceil(n/NR)·NR) product, weighted by the shape's cost; ties go to the
    // earlier (preferred) shape.
    int best = 0;
    double bestCost = 0;
    for (int i = 0; i < count; i++) {
        const double cost = list[i].cost *
                            (double)((m + list[i].mr - 1) / list[i].mr * list[i].mr) *
                            (double)((n + list[i].nr - 1) / list[i].nr * list[i].nr);
        if (i == 0 || cost < bestCost) best = i, bestCost = cost;
    }
    *row_step = list[best].mr, *column_step = list[best].nr;
    return best;
}

// An empty C, or empty chains (K ≤ 0: +0, or C untouched): done, nothing to multiply.
static int empty_product(long m, long n, long k, int accumulate, float *c, long ldc) {
    if (m <= 0 || n <= 0) return 1;
    if (k > 0) return 0;
    if (!accumulate)
        for (long i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(float));
    return 1;
}

void dl_gemm(int kernel, int plan, int trans_a, int trans_b, long m, long n, long k,
             const float *a, long lda, const float *b, long ldb,
             int accumulate, float *c, long ldc) {
    if (empty_product(m, n, k, accumulate, c, ldc)) return;
    const dl_view va = trans_a ? (dl_view){a, 1, lda} : (dl_view){a, lda, 1};
    const dl_view vb = trans_b ? (dl_view){b, 1, ldb} : (dl_view){b, ldb, 1};
    int count;
    const dl_kernel_shape *list = shapes(kernel, &count);
    if (!list) {
        portable_gemm(va, vb, m, n, k, accumulate, c, ldc);
        return;
    }
    if (plan == count && has_direct(kernel)) {
        direct_gemm(va, vb, m, n, k, accumulate, c, ldc);
        return;
    }
    packed_gemm(&list[plan >= 0 && plan < count ? plan : 0], va, NULL, vb, NULL, m, n, k, accumulate, c, ldc);
}

// A product whose op(B) is a b_source.
static void source_gemm(int kernel, int plan, long m, long n, long k, const float *a, long lda,
                        const b_source *src, int accumulate, float *c, long ldc) {
    if (empty_product(m, n, k, accumulate, c, ldc)) return;
    const dl_view va = {a, lda, 1};
    int count;
    const dl_kernel_shape *list = shapes(kernel, &count);
    if (list && !(plan == count && has_direct(kernel))) {
        packed_gemm(&list[plan >= 0 && plan < count ? plan : 0], va, NULL, (dl_view){a, 0, 0}, src, m, n, k,
                    accumulate, c, ldc);
        return;
    }
    // The portable kernel and the direct small-product path read a stored op(B): store it a strip
    // of columns at a time (each element's whole chain runs within its strip).
    const long width = 256;
    float *strip = workspace_get((size_t)(k * width));
    for (long j0 = 0; j0 < n; j0 += width) {
        const long cols = min_l(width, n - j0);
        const dl_view vb = {strip, width, 1};
        if (list) {
            pack_source((int)width, src, 0, k, j0, cols, strip);
            direct_gemm(va, vb, m, cols, k, accumulate, c + j0, ldc);
        } else {
            // Without AVX2 (the portable kernel's CPUs): plain copies.
            if (src->conv)
                dl_pack_conv_generic((int)width, src->conv, 0, k, src->q0 + j0, cols, strip);
            else
                for (long p = 0; p < k; p++)
                    memcpy(strip + p * width, src->base + src->rows[p] + src->q0 + j0, cols * sizeof(float));
            portable_gemm(va, vb, m, cols, k, accumulate, c + j0, ldc);
        }
    }
}

void dl_gemm_conv(int kernel, int plan, long m, long n, long k, const float *a, long lda,
                  const dl_conv_columns *b, long q0, int accumulate, float *c, long ldc) {
    const b_source src = {b, NULL, NULL, q0};
    source_gemm(kernel, plan, m, n, k, a, lda, &src, accumulate, c, ldc);
}

void dl_gemm_row_table(int kernel, int plan, long m, long n, long k, const float *a, long lda,
                       const float *b, const long *rows, long j0, int accumulate, float *c, long ldc) {
    const b_source src = {NULL, b, rows, j0};
    source_gemm(kernel, plan, m, n, k, a, lda, &src, accumulate, c, ldc);
}

void dl_gemm_a_rows(int kernel, int plan, int trans_b, long m, long n, long k, const float *a, const long *a_rows,
                    const float *b, long ldb, int accumulate, float *c, long ldc) {
    if (empty_product(m, n, k, accumulate, c, ldc)) return;
    const dl_view vb = trans_b ? (dl_view){b, 1, ldb} : (dl_view){b, ldb, 1};
    int count;
    const dl_kernel_shape *list = shapes(kernel, &count);
    if (list && !(plan == count && has_direct(kernel))) {
        packed_gemm(&list[plan >= 0 && plan < count ? plan : 0], (dl_view){a, 0, 1}, a_rows, vb, NULL, m, n, k,
                    accumulate, c, ldc);
        return;
    }
    // The portable kernel and the direct small-product path read a stored op(A): store it a strip
    // of rows at a time (each element's whole chain runs within its strip). Its own buffer: the
    // direct path packs B into the thread's workspace.
    const long height = 64;
    float *strip = malloc((size_t)(height * k) * sizeof(float));
    if (!strip) abort();
    for (long i0 = 0; i0 < m; i0 += height) {
        const long rows = min_l(height, m - i0);
        for (long i = 0; i < rows; i++) memcpy(strip + i * k, a + a_rows[i0 + i], (size_t)k * sizeof(float));
        const dl_view va = {strip, k, 1};
        if (list) direct_gemm(va, vb, rows, n, k, accumulate, c + i0 * ldc, ldc);
        else portable_gemm(va, vb, rows, n, k, accumulate, c + i0 * ldc, ldc);
    }
    free(strip);
}
