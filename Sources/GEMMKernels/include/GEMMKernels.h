#ifndef DRIFTLAB_GEMM_KERNELS_H
#define DRIFTLAB_GEMM_KERNELS_H

// driftlab's deterministic single-precision GEMM.
//
// Dimensions (row-major throughout, as in Tensors.gemm):
//   M       rows of op(A) and of C
//   N       columns of op(B) and of C
//   K       the shared dimension: op(A) is (M, K), op(B) is (K, N)
//   lda/ldb/ldc   row strides of A, B, C as stored (A stored (M, K) or, transposed, (K, M))
//   MR x NR the register tile of C one micro-kernel call computes
//   KC      the K block of one micro-kernel call (packed panels are MR x KC and KC x NR)
//   MC      rows of op(A) packed at once (MC x KC block, sized for L2)
//   NC      columns of op(B) packed at once (KC x NC block, sized for L3)
//
// The contract, for every element (i, j) of C and on every kernel, CPU, thread count and
// tiling:
//   c = accumulate ? C[i,j] : +0
//   for p in 0..<K ascending: c = fmaf(op(A)[i,p], op(B)[p,j], c)
//   C[i,j] = c
// A K block that does not start at p = 0 reloads the float it stored for the previous block,
// which is exactly the running value of the chain, so KC never changes a bit. Zero padding of
// edge panels only feeds elements that are discarded.

#ifdef __cplusplus
extern "C" {
#endif

/// The kernels; the numbering is shared with Swift's GEMMKernel.
typedef enum {
    DL_GEMM_PORTABLE = 0,  ///< plain C fmaf loops, the definition
    DL_GEMM_AVX2 = 1,      ///< AVX2 + FMA packed micro-kernel
    DL_GEMM_AVX512 = 2,    ///< AVX-512F packed micro-kernel
} dl_gemm_kernel;

/// 1 when this CPU (and OS) can run `kernel`, else 0.
int dl_gemm_kernel_supported(int kernel);

/// Chooses how `kernel` tiles an (m, n, k) product (the MR x NR shape with least padding, or on
/// AVX-512, for products of at most 2^20 multiply-adds, the direct small-product path: its last
/// plan) and returns it as `plan` for dl_gemm. row_step / column_step (MR / NR) are how a caller
/// splitting C over threads should round block edges so blocks do not cut register tiles
/// (either may be NULL).
/// Speed only: every plan, split and tiling gives the same bits.
int dl_gemm_plan(int kernel, long m, long n, long k, long *row_step, long *column_step);

/// How many plans (tile shapes) `kernel` has: dl_gemm accepts 0 ..< this (tests run them all).
int dl_gemm_plan_count(int kernel);

/// C = op(A)·op(B) (accumulate = 0) or C += op(A)·op(B) continuing each element's chain
/// (accumulate = 1), per the contract above. trans_a / trans_b: 0 = as stored, 1 = transposed.
/// Single-threaded; callers split C into disjoint blocks to use several cores.
void dl_gemm(int kernel, int plan, int trans_a, int trans_b, long m, long n, long k,
             const float *a, long lda, const float *b, long ldb,
             int accumulate, float *c, long ldc);

/// A convolution's column matrix (im2col's (R, N·P) matrix) described instead of stored.
/// Element (r, q), r = (c, ki, kj) of R = channels·kh·kw, q = (s, oy, ox) of samples·oh·ow, is
/// x[s·sample_stride + c·height·width + iy·width + ix] with iy = oy·sh − ph + ki and
/// ix = ox·sw − pw + kj, and +0 where (iy, ix) falls outside the height × width input.
typedef struct {
    const float *x;
    long sample_stride;
    long channels, height, width;
    long kh, kw, sh, sw, ph, pw;
    long oh, ow;
} dl_conv_columns;

/// C = A·col (accumulate = 0) or C += A·col, per the contract above, with A (M, K) stored
/// row-major (lda) and op(B) the columns q0 ..< q0 + n of the column matrix `b` (K = its R):
/// the bits of storing those columns with im2col and calling dl_gemm on them, without the
/// stored matrix. `plan` from dl_gemm_plan(kernel, m, n, k, ...).
void dl_gemm_conv(int kernel, int plan, long m, long n, long k, const float *a, long lda,
                  const dl_conv_columns *b, long q0, int accumulate, float *c, long ldc);

/// C = A·op(B) or C += A·op(B), A (M, K) stored row-major, with op(B)(p, j) = b[rows[p] + j0 + j]:
/// K rows of B anywhere in memory, each contiguous (a convolution over a zero-bordered input
/// reads its taps as shifted rows of one plane). Contract and plans as dl_gemm.
void dl_gemm_row_table(int kernel, int plan, long m, long n, long k, const float *a, long lda,
                       const float *b, const long *rows, long j0, int accumulate, float *c, long ldc);

/// C = op(A)·op(B) or C += op(A)·op(B) with op(A)(i, p) = a[a_rows[i] + p]: M rows of A anywhere
/// in memory, each contiguous (a convolution's dWeight reads its column matrix as shifted rows of
/// a zero-bordered input); op(B) as in dl_gemm. Contract and plans as dl_gemm.
void dl_gemm_a_rows(int kernel, int plan, int trans_b, long m, long n, long k, const float *a, const long *a_rows,
                    const float *b, long ldb, int accumulate, float *c, long ldc);

/// A stride-1 convolution straight from NCHW input to NCHW output (ConvDirect.c), where
/// dl_conv_direct_supported says `kernel` runs it (AVX-512 or AVX2, stride 1, an output of the
/// padded input's size less the kernel's; or stride 2 on even sides with an output no larger
/// than half the input, whose g->x must then be the input's phases, written by
/// dl_conv_phase_split, sample_stride C·H·W): y[s·y_sample_stride + i·P + q] for i < m, q < P =
/// oh·ow, s < samples, with the bits of dl_gemm_conv(A, columns of those samples) — each element
/// im2col's chain. A (m, K = channels·kh·kw) is first packed by dl_conv_direct_pack into
/// dl_conv_direct_packed_count(kernel, m, K) floats, and the geometry's masks and offsets are
/// written by dl_conv_direct_table into dl_conv_direct_table_bytes(kernel, g) bytes (64-byte
/// aligned); both serve every call of a layer with that kernel (g->x is then each call's input,
/// sample 0 of `samples`). A block of output channels from a multiple of dl_conv_direct_rows(kernel)
/// is its packed rows from i0·K and its output from y + i0·P. Single-threaded; callers split the
/// samples or the channel blocks over cores.
int dl_conv_direct_supported(int kernel, const dl_conv_columns *g);
long dl_conv_direct_rows(int kernel);
long dl_conv_direct_packed_count(int kernel, long m, long k);
void dl_conv_direct_pack(int kernel, long m, long k, const float *a, long lda, float *packed);
long dl_conv_direct_table_bytes(int kernel, const dl_conv_columns *g);
void dl_conv_direct_table(int kernel, const dl_conv_columns *g, void *table);
void dl_conv_direct(int kernel, const void *table, const float *packed, long m, const dl_conv_columns *g,
                    long samples, float *y, long y_sample_stride);
/// The four phases (C, 2, 2, H/2, W/2) of each of `samples` samples of g->x (stride
/// g->sample_stride) into dst, C·H·W floats per sample: what dl_conv_direct reads on stride 2.
/// Needs AVX2.
void dl_conv_phase_split(const dl_conv_columns *g, long samples, float *dst);

/// A convolution with its output channels in the vector lanes (ConvLanes.c), for small planes,
/// where dl_conv_lanes_supported says `kernel` runs it (AVX-512 or AVX2; stride 1 or 2, padding
/// below the kernel's size): y[s·y_sample_stride + i·P + q] for channels i of the blocks
/// b0 ..< b1 of L (16 on AVX-512, 8 on AVX2; the last block's channels below m), q < P = oh·ow,
/// s < samples, with the bits of dl_gemm_conv — each element im2col's chain. A (m, K) is first
/// packed by dl_conv_lanes_pack into dl_conv_lanes_packed_count(kernel, m, K) floats, and the
/// samples of g (sample 0 at g->x) copied with zero borders by dl_conv_lanes_pad into
/// dl_conv_lanes_padded_count(g, samples) floats, which dl_conv_lanes reads. Single-threaded;
/// callers split the samples or the channel blocks over cores.
int dl_conv_lanes_supported(int kernel, const dl_conv_columns *g);
long dl_conv_lanes_packed_count(int kernel, long m, long k);
void dl_conv_lanes_pack(int kernel, long m, long k, const float *a, long lda, float *packed);
long dl_conv_lanes_padded_count(const dl_conv_columns *g, long samples);
void dl_conv_lanes_pad(const dl_conv_columns *g, long samples, float *padded);
void dl_conv_lanes(int kernel, const float *packed, long m, const dl_conv_columns *g, long samples,
                   const float *padded, float *y, long y_sample_stride, long b0, long b1);

/// dWeight of a 3 x 3 convolution with the output channels in the lanes (ConvLanes.c), where
/// dl_conv_lanes_weight_supported says `kernel` runs it: dwt (R, LD), LD =
/// dl_conv_lanes_weight_ld(kernel, m) (m rounded up to whole vectors), element (r, o) +=
/// Σ over the positions q of the samples, in order, of col(r, q)·dOut(o, q), each element one
/// chain continued from the float dwt holds — im2col's dWeight chain. The input comes zero-
/// bordered (dl_conv_lanes_pad of g's samples), dOut transposed: dl_conv_lanes_transpose of dy
/// (samples, m, P) into dt (samples·P, LD). Lanes o ≥ m of dwt are left to garbage.
/// Single-threaded.
int dl_conv_lanes_weight_supported(int kernel, const dl_conv_columns *g);
long dl_conv_lanes_weight_ld(int kernel, long m);
void dl_conv_lanes_transpose(int kernel, const float *dy, long m, long p, long samples, float *dt);
void dl_conv_lanes_weight(int kernel, long m, const dl_conv_columns *g, long samples, const float *padded,
                          const float *dt, float *dwt);

/// Winograd F(2 x 2, 3 x 3)'s input transform (WinogradInput.c, AVX-512) for the planes
/// item = c·samples + s, item in first ..< first + count, of input (samples, channels, h, w)
/// (sample s at input + s·sample_stride) into v (16, channels, T): the operations, and so the
/// bits, of Tensors' WinogradConvolution.transformInput. Single-threaded.
int dl_winograd_input_supported(int kernel);
void dl_winograd_input(const float *input, long sample_stride, long channels, long h, long w, long samples,
                       long first, long count, float *v);

/// Winograd's output transform and its adjoint (WinogradOutput.c, AVX-512), for the planes
/// item = s·channels + o, item in first ..< first + count: output (samples, channels, h, w) from
/// product (16, channels, T) (+ bias[o] when bias is not NULL), and dm (16, channels, T) from
/// d_output (samples, channels, h, w) — the operations, and so the bits, of Tensors'
/// WinogradConvolution.transformOutput and transformOutputGradient. Single-threaded.
int dl_winograd_output_supported(int kernel);
void dl_winograd_output(const float *product, long channels, long h, long w, long samples, const float *bias,
                        long first, long count, float *output);
void dl_winograd_output_gradient(const float *d_output, long channels, long h, long w, long samples, long first,
                                 long count, float *dm);

#ifdef __cplusplus
}
#endif

#endif
