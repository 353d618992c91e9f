/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-cpu-private.h — compiles a hot function for several CPU levels (AVX2,
 * POPCNT, the x86-64 baseline) and lets the loader pick the one the CPU
 * has. Debian builds for the x86-64 baseline, where a population count is
 * otherwise a library call and vectors are 128 bits.
 */
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define _KP_POPCNT_CLONES __attribute__ ((target_clones ("popcnt", "default")))
#define _KP_VEC_CLONES __attribute__ ((target_clones ("arch=x86-64-v3", "popcnt", "default")))
#else
#define _KP_POPCNT_CLONES
#define _KP_VEC_CLONES
#endif
