#ifndef DRIFTLAB_GEMM_INTERNAL_H
#define DRIFTLAB_GEMM_INTERNAL_H

#include "GEMMKernels.h"

// Shared by the driver and the per-ISA micro-kernel files; not part of the public header.
// Dimension names as in include/GEMMKernels.h.

/// A strided matrix: element (i, j) at p[i * rs + j * cs]. op(A) and op(B) become views, so
/// transposes are only a swap of the two strides.
typedef struct {
    const float *p;
    long rs, cs;
} dl_view;

/// One micro-kernel call: the MR x NR tile of C at c (row stride ldc, unit column stride)
/// continues its chains over kc steps of K.
///   a: A panel, element (i, p) at a[p * a_ps + i], i < MR (packed: a_ps = MR; a_rs unused),
///      or, for the `rows` entry point, at a[i * a_rs + p] (A stored (M, K) read in place)
///   b: B panel, element (p, j) at b[p * b_ps + j], j < NR (packed: b_ps = NR; in place: ldb)
///   load_c = 0 starts every chain at +0; 1 continues it from the stored C.
/// Per element: c = fmaf(a(i,p), b(p,j), c) for p = 0, 1, ..., kc - 1, nothing else.
typedef void (*dl_ukernel)(long kc, const float *a, long a_rs, long a_ps, const float *b,
                           long b_ps, float *c, long ldc, int load_c);

/// The same tile with B read in place through a row table: element (p, j) at b[boff[p] + j]
/// (the wide grid's shifted rows), A as a packed panel (a[p·a_ps + i]).
typedef void (*dl_ukernel_rows_b)(long kc, const float *a, long a_ps, const float *b, const long *boff,
                                  float *c, long ldc, int load_c);

/// The same tile with A read in place through a row table: element (i, p) at a[aoff[i] + p]
/// (a convolution's column matrix as shifted rows), B as for dl_ukernel.
typedef void (*dl_ukernel_rows_a)(long kc, const float *a, const long *aoff, const float *b, long b_ps,
                                  float *c, long ldc, int load_c);

/// A micro-kernel with its tile shape and the cache blocking measured for it.
typedef struct {
    const char *name;
    int mr, nr;
    long mc, kc, nc;
    double cost;             // relative time per padded multiply-add, for choosing a shape
    dl_ukernel kernel;       // A as a panel
    dl_ukernel kernel_rows;  // A along strided rows
    dl_ukernel_rows_b kernel_table;  // B through a row table (NULL: the driver packs B)
    dl_ukernel_rows_a kernel_row_table;  // A through a row table (NULL: the driver packs A)
} dl_kernel_shape;

/// The four entry points of one MR x (NV vectors) tile shape, over the ISA file's own static
/// `tile(MR, NV, A_ROWS, kc, a, a_rs, a_ps, aoff, b, b_ps, boff, c, ldc, load_c)` (A_ROWS: 0 A as
/// a panel, 1 along strided rows, 2 along rows through the table aoff): PREFIX_MRxNV (dl_ukernel,
/// A as a panel), _rows (dl_ukernel, A along strided rows), _table (dl_ukernel_rows_b) and
/// _row_table (dl_ukernel_rows_a), each built for TARGET.
#define DL_TILE_ENTRY_POINTS(PREFIX, TARGET, MR, NV)                                             \
    __attribute__((target(TARGET))) static void PREFIX##_##MR##x##NV(                            \
        long kc, const float *a, long a_rs, long a_ps, const float *b, long b_ps, float *c,     \
        long ldc, int load_c) {                                                                 \
        tile(MR, NV, 0, kc, a, a_rs, a_ps, NULL, b, b_ps, NULL, c, ldc, load_c);                \
    }                                                                                          \
    __attribute__((target(TARGET))) static void PREFIX##_##MR##x##NV##_rows(                     \
        long kc, const float *a, long a_rs, long a_ps, const float *b, long b_ps, float *c,     \
        long ldc, int load_c) {                                                                 \
        tile(MR, NV, 1, kc, a, a_rs, a_ps, NULL, b, b_ps, NULL, c, ldc, load_c);                \
    }                                                                                          \
    __attribute__((target(TARGET))) static void PREFIX##_##MR##x##NV##_table(                    \
        long kc, const float *a, long a_ps, const float *b, const long *boff, float *c,        \
        long ldc, int load_c) {                                                                 \
        tile(MR, NV, 0, kc, a, 0, a_ps, NULL, b, 0, boff, c, ldc, load_c);                      \
    }                                                                                          \
    __attribute__((target(TARGET))) static void PREFIX##_##MR##x##NV##_row_table(                \
        long kc, const float *a, const long *aoff, const float *b, long b_ps, float *c,        \
        long ldc, int load_c) {                                                                 \
        tile(MR, NV, 2, kc, a, 0, 0, aoff, b, b_ps, NULL, c, ldc, load_c);                      \
    }

/// MR·NR of the largest tile (6x64, 8x48, 12x32, 24x16 all hold 384 floats); the driver's
/// edge-tile buffer has this size and checks every shape against it.
#define DL_MAX_TILE 384

extern const dl_kernel_shape dl_avx2_shapes[];
extern const int dl_avx2_shape_count;
extern const dl_kernel_shape dl_avx512_shapes[];
extern const int dl_avx512_shape_count;

/// Packing (Pack.c, AVX2). Transposing: `rows` rows at src + r·stride, contiguous along p,
/// into dst[p·R + r]. Copying: `cols` contiguous floats at src + p·stride into dst[p·R + j].
/// Both for p < kc, and zero-fill the panel past rows / cols up to R.
void dl_pack_transposing(int R, long rows, const float *src, long stride, long kc, float *dst);
void dl_pack_copying(int R, long cols, const float *src, long stride, long kc, float *dst);
/// Rows through a table: `cols` contiguous floats at src + rows[p] into dst[p·R + j], p < kc,
/// zero past cols.
void dl_pack_row_table(int R, long cols, const float *src, const long *rows, long kc, float *dst);
/// Transposing through a table: `rows` rows at src + offsets[r], contiguous along p, into
/// dst[p·R + r], zero past rows (A read through a row table into an MR-row panel).
void dl_pack_transposing_rows(int R, long rows, const float *src, const long *offsets, long kc, float *dst);

/// Implicit im2col (ConvColumns.c): dst[p·R + j] = col(r0 + p, q0 + j) for p < kc, j < cols,
/// +0 for j in cols ..< R. Built with AVX2 (the vector kernels) and without (the portable one).
void dl_pack_conv(int R, const dl_conv_columns *g, long r0, long kc, long q0, long cols, float *dst);
void dl_pack_conv_generic(int R, const dl_conv_columns *g, long r0, long kc, long q0, long cols,
                          float *dst);

/// The definition: triple loop with fmaf, built twice (inline FMA instruction / libm fmaf for
/// CPUs without FMA; both round once per step, so the bits agree).
void dl_gemm_portable_fma(dl_view a, dl_view b, long m, long n, long k,
                          int accumulate, float *c, long ldc);
void dl_gemm_portable_libm(dl_view a, dl_view b, long m, long n, long k,
                           int accumulate, float *c, long ldc);

/// The direct small-product kernels (Small.c, AVX-512F), C computed in place.
/// Rows: `rows` ≤ dl_small_rows_max(nv) rows x nv ≤ 4 vectors of 16 columns of C at c (the
/// last vector's first last_cols lanes), op(B) rows contiguous at b + p·b_rs, op(A) element
/// (i, p) at a[i·a_rs + p·a_cs] (a_rs or a_cs is 1).
int dl_small_rows_max(int nv);
void dl_small_rows(int rows, int nv, long k, const float *a, long a_rs, long a_cs,
                   const float *b, long b_rs, long last_cols, float *c, long ldc, int load_c);
/// Columns: nj ≤ 4 columns x rv ≤ 4 vectors of 16 rows (the last one's first last_rows lanes);
/// op(A) as a panel, element (i, p) at ap[p·a_ps + i]; op(B)(p, j) at b[p·b_rs + j·b_cs]; C
/// through cbuf, column j at cbuf[64·j + i].
void dl_small_cols(int nj, int rv, long k, const float *ap, long a_ps, long last_rows,
                   const float *b, long b_rs, long b_cs, float *cbuf, int load_c);

#endif
