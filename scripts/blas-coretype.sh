#!/usr/bin/env bash
# Prints the OpenBLAS core type this CPU supports (SkylakeX with AVX-512, Haswell with AVX2 and FMA), or nothing.
# Debian 12's OpenBLAS (0.3.21) falls back to its generic Prescott kernel on CPUs newer than it knows; the Makefile
# sets OPENBLAS_CORETYPE from this so that `make run`, `make test` and the benchmarks use the CPU's vector units.
# The same rule is in Sources/Numerics/BLASKernel.swift (betterCoreType), which `yuheng computing check` reports.
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2)
has() { case " $flags " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
if has avx512f && has avx512cd && has avx512bw && has avx512dq && has avx512vl; then echo SkylakeX
elif has avx2 && has fma; then echo Haswell
fi
