;; Dense f32 kernels of the embedded transformer, in WebAssembly SIMD (f32x4).
;;
;; Compiled by scripts/build-wasm-kernels.ts into kernels-wasm.ts; the JS side
;; (wasm-kernels.ts) copies its Float32Arrays into this module's memory, calls one of the
;; exports and copies the result back. Every pointer and stride is in bytes.
;;
;; Only plain f32x4 mul and add are used (no fused or relaxed operations), so a kernel
;; gives the same bits for the same inputs on every run and every machine.
(module
  (memory (export "memory") 1)

  ;; C[r, j] (+)= Σ_q A[r·aRow + q·aRed] · B[q·bStride + j]   for r < rows, j < cols.
  ;; cols (in floats) must be a multiple of 8. acc = 0 overwrites C, otherwise adds to it.
  ;; With aRow = 4·k, aRed = 4 this is out = a·w; with aRow = 4, aRed = 4·k it is dw += aᵀ·dout.
  ;; tri skips what causal attention never needs, per block of rows r..r+R-1:
  ;;   0  everything;
  ;;   1  only the column tiles below ceil8(r+R): C is needed on and below its diagonal;
  ;;   2  reduction q < r+R: A is zero right of its diagonal (A[r, q] = 0 for q > r);
  ;;   3  reduction q ≥ r: A is zero left of its diagonal (A[r, q] = 0 for q < r).
  ;; Modes 2 and 3 need A to hold those zeros up to three places past the diagonal, since
  ;; four rows share one reduction range.
  ;; A tile of 4 rows × 8 columns keeps 8 accumulators in registers while the reduction
  ;; runs, so each B vector loaded serves four rows and each A scalar two vectors.
  (func (export "gemm")
    (param $c i32) (param $a i32) (param $b i32)
    (param $rows i32) (param $red i32) (param $cols i32)
    (param $aRow i32) (param $aRed i32) (param $bStride i32) (param $cStride i32) (param $acc i32) (param $tri i32)
    (local $r i32) (local $j i32) (local $q i32) (local $colBytes i32)
    (local $colEnd i32) (local $qStart i32) (local $qCount i32)
    (local $cp i32) (local $ap i32) (local $bp i32) (local $a2 i32) (local $a3 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $colBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $a2 (i32.shl (local.get $aRow) (i32.const 1)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $aRow)))

    ;; Four rows at a time.
    (block $rows4Done
      (loop $rows4
        (br_if $rows4Done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (call $limits (local.get $r) (i32.const 4) (local.get $red) (local.get $colBytes) (local.get $tri))
        (local.set $qCount) (local.set $qStart) (local.set $colEnd)
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols4
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $colEnd)))
            (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $cStride))) (local.get $j)))
            (if (local.get $acc)
              (then
                (local.set $c00 (v128.load (local.get $cp)))
                (local.set $c01 (v128.load offset=16 (local.get $cp)))
                (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
                (local.set $c10 (v128.load (local.get $cp)))
                (local.set $c11 (v128.load offset=16 (local.get $cp)))
                (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
                (local.set $c20 (v128.load (local.get $cp)))
                (local.set $c21 (v128.load offset=16 (local.get $cp)))
                (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
                (local.set $c30 (v128.load (local.get $cp)))
                (local.set $c31 (v128.load offset=16 (local.get $cp))))
              (else
                (local.set $c00 (v128.const i32x4 0 0 0 0))
                (local.set $c01 (v128.const i32x4 0 0 0 0))
                (local.set $c10 (v128.const i32x4 0 0 0 0))
                (local.set $c11 (v128.const i32x4 0 0 0 0))
                (local.set $c20 (v128.const i32x4 0 0 0 0))
                (local.set $c21 (v128.const i32x4 0 0 0 0))
                (local.set $c30 (v128.const i32x4 0 0 0 0))
                (local.set $c31 (v128.const i32x4 0 0 0 0))))
            (local.set $ap (i32.add (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $aRow)))
              (i32.mul (local.get $qStart) (local.get $aRed))))
            (local.set $bp (i32.add (i32.add (local.get $b) (local.get $j)) (i32.mul (local.get $qStart) (local.get $bStride))))
            (if (local.tee $q (local.get $qCount))
              (then
                (loop $reduce
                  (local.set $b0 (v128.load (local.get $bp)))
                  (local.set $b1 (v128.load offset=16 (local.get $bp)))
                  (local.set $s (v128.load32_splat (local.get $ap)))
                  (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $s (v128.load32_splat (i32.add (local.get $ap) (local.get $aRow))))
                  (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $s (v128.load32_splat (i32.add (local.get $ap) (local.get $a2))))
                  (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $s (v128.load32_splat (i32.add (local.get $ap) (local.get $a3))))
                  (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
                  (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
                  (local.set $ap (i32.add (local.get $ap) (local.get $aRed)))
                  (local.set $bp (i32.add (local.get $bp) (local.get $bStride)))
                  (br_if $reduce (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
            (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $cStride))) (local.get $j)))
            (v128.store (local.get $cp) (local.get $c00))
            (v128.store offset=16 (local.get $cp) (local.get $c01))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (v128.store (local.get $cp) (local.get $c10))
            (v128.store offset=16 (local.get $cp) (local.get $c11))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (v128.store (local.get $cp) (local.get $c20))
            (v128.store offset=16 (local.get $cp) (local.get $c21))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (v128.store (local.get $cp) (local.get $c30))
            (v128.store offset=16 (local.get $cp) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $cols4)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows4)))

    ;; The last rows (fewer than four) one at a time: the decoder's batch-1 step lands here.
    (block $rows1Done
      (loop $rows1
        (br_if $rows1Done (i32.ge_u (local.get $r) (local.get $rows)))
        (call $limits (local.get $r) (i32.const 1) (local.get $red) (local.get $colBytes) (local.get $tri))
        (local.set $qCount) (local.set $qStart) (local.set $colEnd)
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols1
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $colEnd)))
            (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $cStride))) (local.get $j)))
            (if (local.get $acc)
              (then
                (local.set $c00 (v128.load (local.get $cp)))
                (local.set $c01 (v128.load offset=16 (local.get $cp))))
              (else
                (local.set $c00 (v128.const i32x4 0 0 0 0))
                (local.set $c01 (v128.const i32x4 0 0 0 0))))
            (local.set $ap (i32.add (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $aRow)))
              (i32.mul (local.get $qStart) (local.get $aRed))))
            (local.set $bp (i32.add (i32.add (local.get $b) (local.get $j)) (i32.mul (local.get $qStart) (local.get $bStride))))
            (if (local.tee $q (local.get $qCount))
              (then
                (loop $reduce
                  (local.set $s (v128.load32_splat (local.get $ap)))
                  (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (v128.load (local.get $bp)))))
                  (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $bp)))))
                  (local.set $ap (i32.add (local.get $ap) (local.get $aRed)))
                  (local.set $bp (i32.add (local.get $bp) (local.get $bStride)))
                  (br_if $reduce (local.tee $q (i32.sub (local.get $q) (i32.const 1)))))))
            (v128.store (local.get $cp) (local.get $c00))
            (v128.store offset=16 (local.get $cp) (local.get $c01))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $cols1)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows1))))

  ;; gemm's ranges for the block of R rows at r: column end (bytes), reduction start and count.
  (func $limits (param $r i32) (param $R i32) (param $red i32) (param $colBytes i32) (param $tri i32)
    (result i32 i32 i32)
    (local $end i32) (local $lo i32) (local $hi i32)
    (local.set $end (local.get $colBytes))
    (local.set $hi (local.get $red))
    (if (i32.eq (local.get $tri) (i32.const 1))
      (then
        ;; ceil8(r + R) floats, in bytes
        (local.set $end (i32.shl (i32.and (i32.add (i32.add (local.get $r) (local.get $R)) (i32.const 7)) (i32.const -8)) (i32.const 2)))
        (if (i32.gt_u (local.get $end) (local.get $colBytes)) (then (local.set $end (local.get $colBytes))))))
    (if (i32.eq (local.get $tri) (i32.const 2))
      (then
        (local.set $hi (i32.add (local.get $r) (local.get $R)))
        (if (i32.gt_u (local.get $hi) (local.get $red)) (then (local.set $hi (local.get $red))))))
    (if (i32.eq (local.get $tri) (i32.const 3))
      (then
        (local.set $lo (local.get $r))
        (if (i32.gt_u (local.get $lo) (local.get $red)) (then (local.set $lo (local.get $red))))))
    (local.get $end) (local.get $lo) (i32.sub (local.get $hi) (local.get $lo)))

  ;; Σ of the four lanes, in a fixed order.
  (func $hsum (param $v v128) (result f32)
    (local.set $v (f32x4.add (local.get $v)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v))))

  ;; Σ_j x[j]·y[j] over len bytes (a multiple of 16).
  (func $dot (param $x i32) (param $y i32) (param $len i32) (result f32)
    (local $s v128) (local $j i32)
    (block $done
      (loop $reduce
        (br_if $done (i32.ge_u (local.get $j) (local.get $len)))
        (local.set $s (f32x4.add (local.get $s)
          (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $j))) (v128.load (i32.add (local.get $y) (local.get $j))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $reduce)))
    (call $hsum (local.get $s)))

  ;; C[i, p] = Σ_j A[i·aStride + j] · B[p·bStride + j]   for i < rows, p < cols, j < red.
  ;; red (in floats) must be a multiple of 4 (zero-padded by the caller). This is
  ;; da = dout·wᵀ: a tile of 4 rows of A × 2 rows of B shares every vector load between
  ;; four (or two) dot products.
  (func (export "gemmNT")
    (param $c i32) (param $a i32) (param $b i32)
    (param $rows i32) (param $cols i32) (param $red i32)
    (param $aStride i32) (param $bStride i32) (param $cStride i32)
    (local $i i32) (local $p i32) (local $j i32) (local $redBytes i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b0 i32) (local $b1 i32) (local $cp i32)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local $x0 v128) (local $x1 v128) (local $v v128)
    (local.set $redBytes (i32.shl (local.get $red) (i32.const 2)))

    (block $rows4Done
      (loop $rows4
        (br_if $rows4Done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $rows)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aStride))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $aStride)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $aStride)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $aStride)))
        (local.set $p (i32.const 0))
        (block $colsDone
          (loop $cols2
            (br_if $colsDone (i32.gt_u (i32.add (local.get $p) (i32.const 2)) (local.get $cols)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $bStride))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $bStride)))
            (local.set $s00 (v128.const i32x4 0 0 0 0))
            (local.set $s01 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0))
            (local.set $s11 (v128.const i32x4 0 0 0 0))
            (local.set $s20 (v128.const i32x4 0 0 0 0))
            (local.set $s21 (v128.const i32x4 0 0 0 0))
            (local.set $s30 (v128.const i32x4 0 0 0 0))
            (local.set $s31 (v128.const i32x4 0 0 0 0))
            (local.set $j (i32.const 0))
            (block $reduceDone
              (loop $reduce
                (br_if $reduceDone (i32.ge_u (local.get $j) (local.get $redBytes)))
                (local.set $x0 (v128.load (i32.add (local.get $b0) (local.get $j))))
                (local.set $x1 (v128.load (i32.add (local.get $b1) (local.get $j))))
                (local.set $v (v128.load (i32.add (local.get $a0) (local.get $j))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $v) (local.get $x0))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $v) (local.get $x1))))
                (local.set $v (v128.load (i32.add (local.get $a1) (local.get $j))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $v) (local.get $x0))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $v) (local.get $x1))))
                (local.set $v (v128.load (i32.add (local.get $a2) (local.get $j))))
                (local.set $s20 (f32x4.add (local.get $s20) (f32x4.mul (local.get $v) (local.get $x0))))
                (local.set $s21 (f32x4.add (local.get $s21) (f32x4.mul (local.get $v) (local.get $x1))))
                (local.set $v (v128.load (i32.add (local.get $a3) (local.get $j))))
                (local.set $s30 (f32x4.add (local.get $s30) (f32x4.mul (local.get $v) (local.get $x0))))
                (local.set $s31 (f32x4.add (local.get $s31) (f32x4.mul (local.get $v) (local.get $x1))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $reduce)))
            (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cStride))) (i32.shl (local.get $p) (i32.const 2))))
            (f32.store (local.get $cp) (call $hsum (local.get $s00)))
            (f32.store offset=4 (local.get $cp) (call $hsum (local.get $s01)))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (f32.store (local.get $cp) (call $hsum (local.get $s10)))
            (f32.store offset=4 (local.get $cp) (call $hsum (local.get $s11)))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (f32.store (local.get $cp) (call $hsum (local.get $s20)))
            (f32.store offset=4 (local.get $cp) (call $hsum (local.get $s21)))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (f32.store (local.get $cp) (call $hsum (local.get $s30)))
            (f32.store offset=4 (local.get $cp) (call $hsum (local.get $s31)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $cols2)))
        ;; An odd last column: four single dot products.
        (if (i32.lt_u (local.get $p) (local.get $cols))
          (then
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $bStride))))
            (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cStride))) (i32.shl (local.get $p) (i32.const 2))))
            (f32.store (local.get $cp) (call $dot (local.get $a0) (local.get $b0) (local.get $redBytes)))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (f32.store (local.get $cp) (call $dot (local.get $a1) (local.get $b0) (local.get $redBytes)))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (f32.store (local.get $cp) (call $dot (local.get $a2) (local.get $b0) (local.get $redBytes)))
            (local.set $cp (i32.add (local.get $cp) (local.get $cStride)))
            (f32.store (local.get $cp) (call $dot (local.get $a3) (local.get $b0) (local.get $redBytes)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows4)))

    ;; The last rows (fewer than four): one dot product per element.
    (block $rows1Done
      (loop $rows1
        (br_if $rows1Done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aStride))))
        (local.set $cp (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cStride))))
        (local.set $p (i32.const 0))
        (block $colsDone
          (loop $cols1
            (br_if $colsDone (i32.ge_u (local.get $p) (local.get $cols)))
            (f32.store (local.get $cp)
              (call $dot (local.get $a0) (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $bStride))) (local.get $redBytes)))
            (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $cols1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows1))))

  ;; Causal softmax, in place, of the rows of an n×n score matrix for one attention head
  ;; (rows t < rows, row stride in bytes): row t becomes softmax(scale·S[t, 0..t]), and the
  ;; places t+1 .. ceil4(t+1)+3 become 0 — gemm's modes 2 and 3 read them as zeros. The
  ;; stride must leave room for that: stride ≥ 4·(ceil4(rows) + 4).
  (func (export "softmaxRows") (param $p i32) (param $rows i32) (param $stride i32) (param $scale f32)
    (local $t i32) (local $row i32) (local $end i32) (local $s i32)
    (local $tv v128) (local $idx v128) (local $mask v128) (local $x v128) (local $acc v128) (local $top v128) (local $sc v128)
    (local $n v128) (local $m v128) (local $y v128)
    (local.set $sc (f32x4.splat (local.get $scale)))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $t) (local.get $rows)))
        (local.set $row (i32.add (local.get $p) (i32.mul (local.get $t) (local.get $stride))))
        (local.set $end (i32.shl (i32.and (i32.add (local.get $t) (i32.const 4)) (i32.const -4)) (i32.const 2)))
        (local.set $tv (i32x4.splat (local.get $t)))
        ;; the row's maximum (lanes past the diagonal masked to -inf)
        (local.set $acc (v128.const f32x4 -inf -inf -inf -inf))
        (local.set $idx (v128.const i32x4 0 1 2 3))
        (local.set $s (i32.const 0))
        (loop $maxLoop
          (local.set $mask (i32x4.le_s (local.get $idx) (local.get $tv)))
          (local.set $acc (f32x4.max (local.get $acc)
            (v128.bitselect (v128.load (i32.add (local.get $row) (local.get $s))) (v128.const f32x4 -inf -inf -inf -inf) (local.get $mask))))
          (local.set $idx (i32x4.add (local.get $idx) (v128.const i32x4 4 4 4 4)))
          (br_if $maxLoop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (local.get $end))))
        (local.set $top (f32x4.splat (f32.max
          (f32.max (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.max (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc))))))
        ;; exponentials and their sum
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $idx (v128.const i32x4 0 1 2 3))
        (local.set $s (i32.const 0))
        (loop $expLoop
          ;; e^x for x = scale·(S − max) ≤ 0, inline (a call per vector costs as much as the
          ;; polynomial): Cephes expf, x = k·ln2 + r, a degree-6 polynomial in r and 2^k built
          ;; in the exponent bits. Below −87.3 it gives 2^−126; the mask zeroes the lanes past
          ;; the diagonal.
          (local.set $x (f32x4.max (v128.const f32x4 -87.33654 -87.33654 -87.33654 -87.33654)
            (f32x4.mul (local.get $sc) (f32x4.sub (v128.load (i32.add (local.get $row) (local.get $s))) (local.get $top)))))
          ;; k = x·log2(e) rounded, by adding 1.5·2^23: the sum's low mantissa bits hold k.
          (local.set $m (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))
            (v128.const f32x4 12582912 12582912 12582912 12582912)))
          (local.set $n (f32x4.sub (local.get $m) (v128.const f32x4 12582912 12582912 12582912 12582912)))
          (local.set $x (f32x4.sub (f32x4.sub (local.get $x)
            (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
            (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
          (local.set $y (f32x4.add (f32x4.mul (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4) (local.get $x))
            (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
          (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
          (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
          (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
          (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
          (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $y) (f32x4.mul (local.get $x) (local.get $x))) (local.get $x))
            (v128.const f32x4 1 1 1 1)))
          (local.set $x (v128.and (i32x4.le_s (local.get $idx) (local.get $tv)) (f32x4.mul (local.get $y)
            ;; 2^k: (bits(m) − bits(1.5·2^23) + 127) << 23
            (i32x4.shl (i32x4.add (local.get $m) (v128.const i32x4 -1262485377 -1262485377 -1262485377 -1262485377)) (i32.const 23)))))
          (v128.store (i32.add (local.get $row) (local.get $s)) (local.get $x))
          (local.set $acc (f32x4.add (local.get $acc) (local.get $x)))
          (local.set $idx (i32x4.add (local.get $idx) (v128.const i32x4 4 4 4 4)))
          (br_if $expLoop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (local.get $end))))
        ;; normalise
        (local.set $acc (f32x4.splat (f32.div (f32.const 1) (call $hsum (local.get $acc)))))
        (local.set $s (i32.const 0))
        (loop $normLoop
          (v128.store (i32.add (local.get $row) (local.get $s))
            (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $s))) (local.get $acc)))
          (br_if $normLoop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (local.get $end))))
        (v128.store (i32.add (local.get $row) (local.get $end)) (v128.const i32x4 0 0 0 0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rowsLoop))))

  ;; The softmax's backward pass, in place: dP (the gradient at the probabilities, rows t,
  ;; valid up to ceil4(t+1)) becomes dS[t, s] = P[t, s]·(dP[t, s] − Σ_s' P[t, s']·dP[t, s'])·scale,
  ;; the gradient at the scores, with zeros past the diagonal as softmaxRows leaves them.
  ;; P must hold zeros from t+1 to ceil4(t+1)+3 in row t.
  (func (export "softmaxBack") (param $ds i32) (param $p i32) (param $rows i32) (param $stride i32) (param $scale f32)
    (local $t i32) (local $off i32) (local $end i32) (local $s i32)
    (local $acc v128) (local $sc v128)
    (local.set $sc (f32x4.splat (local.get $scale)))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $t) (local.get $rows)))
        (local.set $off (i32.mul (local.get $t) (local.get $stride)))
        (local.set $end (i32.shl (i32.and (i32.add (local.get $t) (i32.const 4)) (i32.const -4)) (i32.const 2)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $s (i32.const 0))
        (loop $dotLoop
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
            (v128.load (i32.add (i32.add (local.get $p) (local.get $off)) (local.get $s)))
            (v128.load (i32.add (i32.add (local.get $ds) (local.get $off)) (local.get $s))))))
          (br_if $dotLoop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (local.get $end))))
        (local.set $acc (f32x4.splat (call $hsum (local.get $acc))))
        (local.set $s (i32.const 0))
        (loop $gradLoop
          (v128.store (i32.add (i32.add (local.get $ds) (local.get $off)) (local.get $s))
            (f32x4.mul (f32x4.mul
              (v128.load (i32.add (i32.add (local.get $p) (local.get $off)) (local.get $s)))
              (f32x4.sub (v128.load (i32.add (i32.add (local.get $ds) (local.get $off)) (local.get $s))) (local.get $acc)))
              (local.get $sc)))
          (br_if $gradLoop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (local.get $end))))
        (v128.store (i32.add (i32.add (local.get $ds) (local.get $off)) (local.get $end)) (v128.const i32x4 0 0 0 0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rowsLoop))))

  ;; e^x for x ≤ 0, four lanes: the same Cephes expf as softmaxRows' inline loop (x = k·ln2 + r,
  ;; a degree-6 polynomial in r, 2^k built in the exponent bits; below −87.3 it gives 2^−126).
  (func $exp4 (param $x v128) (result v128)
    (local $m v128) (local $n v128) (local $y v128)
    (local.set $x (f32x4.max (v128.const f32x4 -87.33654 -87.33654 -87.33654 -87.33654) (local.get $x)))
    (local.set $m (f32x4.add (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))
      (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $n (f32x4.sub (local.get $m) (v128.const f32x4 12582912 12582912 12582912 12582912)))
    (local.set $x (f32x4.sub (f32x4.sub (local.get $x)
      (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
      (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $y (f32x4.add (f32x4.mul (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4) (local.get $x))
      (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $x)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $y (f32x4.add (f32x4.add (f32x4.mul (local.get $y) (f32x4.mul (local.get $x) (local.get $x))) (local.get $x))
      (v128.const f32x4 1 1 1 1)))
    (f32x4.mul (local.get $y)
      (i32x4.shl (i32x4.add (local.get $m) (v128.const i32x4 -1262485377 -1262485377 -1262485377 -1262485377)) (i32.const 23))))

  ;; One decoding step's attention for one sequence, every head: the query q[d] attends to
  ;; the cached keys and values of its len positions (rows of rowBytes bytes; head h in the
  ;; dh bytes at h·dh, dh a multiple of 16):
  ;;   out[h] = Σ_s softmax_s(scale·q[h]·k_s[h]) · v_s[h].
  ;; scores is scratch for ceil4(len) floats.
  (func (export "decodeAttention")
    (param $out i32) (param $q i32) (param $k i32) (param $v i32) (param $len i32)
    (param $heads i32) (param $dh i32) (param $rowBytes i32) (param $scale f32) (param $scores i32)
    (local $h i32) (local $hoff i32) (local $s i32) (local $end i32) (local $c i32)
    (local $x f32) (local $max f32) (local $acc v128) (local $top v128) (local $vp i32)
    (local.set $end (i32.shl (i32.and (i32.add (local.get $len) (i32.const 3)) (i32.const -4)) (i32.const 2)))
    (block $headsDone
      (loop $headsLoop
        (br_if $headsDone (i32.ge_u (local.get $h) (local.get $heads)))
        (local.set $hoff (i32.mul (local.get $h) (local.get $dh)))
        ;; scores and their maximum
        (local.set $max (f32.const -inf))
        (local.set $s (i32.const 0))
        (block $scoresDone
          (loop $scoresLoop
            (br_if $scoresDone (i32.ge_u (local.get $s) (local.get $len)))
            (local.set $x (f32.mul (local.get $scale) (call $dot (i32.add (local.get $q) (local.get $hoff))
              (i32.add (i32.add (local.get $k) (i32.mul (local.get $s) (local.get $rowBytes))) (local.get $hoff)) (local.get $dh))))
            (f32.store (i32.add (local.get $scores) (i32.shl (local.get $s) (i32.const 2))) (local.get $x))
            (local.set $max (f32.max (local.get $max) (local.get $x)))
            (local.set $s (i32.add (local.get $s) (i32.const 1)))
            (br $scoresLoop)))
        ;; exponentials (the lanes past len are set to 0 after) and their sum
        (local.set $top (f32x4.splat (local.get $max)))
        (local.set $s (i32.const 0))
        (loop $expLoop
          (v128.store (i32.add (local.get $scores) (local.get $s))
            (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $scores) (local.get $s))) (local.get $top))))
          (br_if $expLoop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (local.get $end))))
        (local.set $s (i32.shl (local.get $len) (i32.const 2)))
        (block $padDone
          (loop $padLoop
            (br_if $padDone (i32.ge_u (local.get $s) (local.get $end)))
            (f32.store (i32.add (local.get $scores) (local.get $s)) (f32.const 0))
            (local.set $s (i32.add (local.get $s) (i32.const 4)))
            (br $padLoop)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $s (i32.const 0))
        (loop $sumLoop
          (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $scores) (local.get $s)))))
          (br_if $sumLoop (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 16))) (local.get $end))))
        (local.set $top (f32x4.splat (f32.div (f32.const 1) (call $hsum (local.get $acc)))))
        ;; the weighted sum of the values, four columns at a time
        (local.set $c (i32.const 0))
        (loop $colsLoop
          (local.set $acc (v128.const i32x4 0 0 0 0))
          (local.set $vp (i32.add (i32.add (local.get $v) (local.get $hoff)) (local.get $c)))
          (local.set $s (i32.const 0))
          (block $sumDone
            (loop $valuesLoop
              (br_if $sumDone (i32.ge_u (local.get $s) (local.get $len)))
              (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul
                (v128.load32_splat (i32.add (local.get $scores) (i32.shl (local.get $s) (i32.const 2))))
                (v128.load (local.get $vp)))))
              (local.set $vp (i32.add (local.get $vp) (local.get $rowBytes)))
              (local.set $s (i32.add (local.get $s) (i32.const 1)))
              (br $valuesLoop)))
          (v128.store (i32.add (i32.add (local.get $out) (local.get $hoff)) (local.get $c)) (f32x4.mul (local.get $acc) (local.get $top)))
          (br_if $colsLoop (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $dh))))
        (local.set $h (i32.add (local.get $h) (i32.const 1)))
        (br $headsLoop))))

  ;; x ← gelu(x + bias[c]) in place for rows × cols floats (cols a multiple of 4, rows of
  ;; stride bytes), GELU's tanh form: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), with
  ;; tanh(u) = sign(u)·(1 − e^(−2|u|)) / (1 + e^(−2|u|)) so that exp only sees x ≤ 0.
  (func (export "biasGelu") (param $p i32) (param $rows i32) (param $cols i32) (param $stride i32) (param $bias i32)
    (local $r i32) (local $c i32) (local $at i32) (local $x v128) (local $u v128) (local $e v128) (local $t v128)
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (loop $colsLoop
          (local.set $at (i32.add (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $stride))) (local.get $c)))
          (local.set $x (f32x4.add (v128.load (local.get $at)) (v128.load (i32.add (local.get $bias) (local.get $c)))))
          (local.set $u (f32x4.mul (v128.const f32x4 0.7978845608 0.7978845608 0.7978845608 0.7978845608)
            (f32x4.add (local.get $x) (f32x4.mul (v128.const f32x4 0.044715 0.044715 0.044715 0.044715)
              (f32x4.mul (local.get $x) (f32x4.mul (local.get $x) (local.get $x)))))))
          (local.set $e (call $exp4 (f32x4.mul (v128.const f32x4 -2 -2 -2 -2) (f32x4.abs (local.get $u)))))
          (local.set $t (f32x4.div (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $e)) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e))))
          (local.set $t (v128.bitselect (f32x4.neg (local.get $t)) (local.get $t) (f32x4.lt (local.get $u) (v128.const f32x4 0 0 0 0))))
          (v128.store (local.get $at) (f32x4.mul (f32x4.mul (v128.const f32x4 0.5 0.5 0.5 0.5) (local.get $x))
            (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $t))))
          (br_if $colsLoop (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (i32.shl (local.get $cols) (i32.const 2)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))

  ;; dst[r·dstRow + c·dstCol] = src[r·srcStride + 4c] for r < rows, c < cols: copies a block
  ;; of columns out of (or into) a wider matrix, transposing it when dstRow is 4.
  (func (export "gather") (param $dst i32) (param $src i32) (param $rows i32) (param $cols i32)
    (param $srcStride i32) (param $dstRow i32) (param $dstCol i32)
    (local $r i32) (local $c i32) (local $sp i32) (local $dp i32)
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $sp (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srcStride))))
        (local.set $dp (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $dstRow))))
        (local.set $c (i32.const 0))
        (block $colsDone
          (loop $colsLoop
            (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store (local.get $dp) (f32.load (local.get $sp)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
            (local.set $dp (i32.add (local.get $dp) (local.get $dstCol)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $colsLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))

  ;; The lower triangle of a row-major matrix into another of another row stride (bytes):
  ;; row t's first t+1 floats are copied, then zeros follow up to the end of the row
  ;; (zeroAll = 1) or up to ceil4(t+1)+4 floats, what gemm's modes 2 and 3 read (zeroAll = 0).
  (func (export "trilCopy") (param $dst i32) (param $src i32) (param $rows i32)
    (param $srcStride i32) (param $dstStride i32) (param $zeroAll i32)
    (local $t i32) (local $len i32) (local $end i32) (local $d i32)
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $t) (local.get $rows)))
        (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $t) (local.get $dstStride))))
        (local.set $len (i32.shl (i32.add (local.get $t) (i32.const 1)) (i32.const 2)))
        (memory.copy (local.get $d) (i32.add (local.get $src) (i32.mul (local.get $t) (local.get $srcStride))) (local.get $len))
        (local.set $end (select (local.get $dstStride)
          (i32.shl (i32.add (i32.and (i32.add (local.get $t) (i32.const 4)) (i32.const -4)) (i32.const 4)) (i32.const 2))
          (local.get $zeroAll)))
        (if (i32.gt_u (local.get $end) (local.get $dstStride)) (then (local.set $end (local.get $dstStride))))
        (if (i32.gt_u (local.get $end) (local.get $len))
          (then (memory.fill (i32.add (local.get $d) (local.get $len)) (i32.const 0) (i32.sub (local.get $end) (local.get $len)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $rowsLoop))))
)
