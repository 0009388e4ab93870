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
  ;; A tile of 4 rows × 8 columns keeps 8 accumulators in registers while the reduction
  ;; runs, so each B vector loaded serves four rows and each A scalar two vectors.
  (func (export "gemm")
    (param $c i32) (param $a i32) (param $b i32)
    (param $rows i32) (param $red i32) (param $cols i32)
    (param $aRow i32) (param $aRed i32) (param $bStride i32) (param $cStride i32) (param $acc i32)
    (local $r i32) (local $j i32) (local $q i32) (local $colBytes i32)
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
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols4
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $colBytes)))
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
            (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $aRow))))
            (local.set $bp (i32.add (local.get $b) (local.get $j)))
            (if (local.tee $q (local.get $red))
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
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols1
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $colBytes)))
            (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $cStride))) (local.get $j)))
            (if (local.get $acc)
              (then
                (local.set $c00 (v128.load (local.get $cp)))
                (local.set $c01 (v128.load offset=16 (local.get $cp))))
              (else
                (local.set $c00 (v128.const i32x4 0 0 0 0))
                (local.set $c01 (v128.const i32x4 0 0 0 0))))
            (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $aRow))))
            (local.set $bp (i32.add (local.get $b) (local.get $j)))
            (if (local.tee $q (local.get $red))
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
)
