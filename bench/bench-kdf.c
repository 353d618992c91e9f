/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-kdf — what one guess at a secret costs on this machine (issue 12):
 *
 *   the head's passphrase: scrypt (r = 8, p = 1) at N = 2^17 (keys sealed
 *   before), 2^18, 2^19 (the standard, KP_KEY_STANDARD_LOG2_N) and 2^20,
 *   through OpenSSL's EVP_PBE_scrypt as kp_key_seal () calls it; and, when
 *   libargon2 was found at build time, Argon2id at comparable memory, the
 *   alternative that was measured and not chosen (docs/security.md);
 *   the archive password: the ZIP AES format's PBKDF2-HMAC-SHA1 with 1,000
 *   rounds (66 bytes: two AES-256 keys and the password check), guesses a
 *   second on one core.
 *
 * Each KDF runs in a child process of its own, so that its peak memory
 * (wait4's ru_maxrss) is its own. Target for the standard: at least about
 * one second and hundreds of MiB a guess.
 *
 * Usage: bench-kdf [--quick]   (--quick: 2^17 and 2^19 only, one run each)
 */

#include <glib.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef KP_HAVE_ARGON2
#include <argon2.h>
#endif

#include "kp-crypto.h"

#define PASSPHRASE "Trưởng ban kiểm phiếu: cây đa bến nước sân đình"

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef enum { SCRYPT, ARGON2ID } Kdf;

/* One derivation in a child: its seconds (through a pipe) and peak MiB. */
static gboolean
measure (Kdf      kdf,
         guint    cost,
         guint    rounds,
         double  *seconds,
         double  *mib)
{
  int fds[2];
  pid_t pid;
  struct rusage usage;
  int status;
  double taken = -1;

  if (pipe (fds) != 0)
    return FALSE;
  pid = fork ();
  if (pid == 0)
    {
      guint8 salt[16] = { 1, 2, 3 }, out[32];
      double start = now ();
      int ok = 0;

      close (fds[0]);
      if (kdf == SCRYPT)
        ok = EVP_PBE_scrypt (PASSPHRASE, strlen (PASSPHRASE), salt, sizeof salt, G_GUINT64_CONSTANT (1) << cost, 8, 1,
                             G_GUINT64_CONSTANT (1100) * 1024 * 1024, out, sizeof out) == 1;
#ifdef KP_HAVE_ARGON2
      else
        ok = argon2id_hash_raw (rounds, cost * 1024, 1, PASSPHRASE, strlen (PASSPHRASE), salt, sizeof salt, out,
                                sizeof out) == ARGON2_OK;
#endif
      taken = ok ? now () - start : -1;
      if (write (fds[1], &taken, sizeof taken) != sizeof taken)
        _exit (1);
      _exit (ok ? 0 : 1);
    }
  close (fds[1]);
  if (pid < 0 || read (fds[0], &taken, sizeof taken) != sizeof taken)
    taken = -1;
  close (fds[0]);
  if (pid < 0 || wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return FALSE;
  *seconds = taken;
  *mib = usage.ru_maxrss / 1024.0;
  return TRUE;
}

static void
report (const char *name,
        Kdf         kdf,
        guint       cost,
        guint       rounds,
        guint       runs,
        const char *note)
{
  double best = G_MAXDOUBLE, mib = 0;

  for (guint i = 0; i < runs; i++)
    {
      double seconds, peak;
      if (!measure (kdf, cost, rounds, &seconds, &peak))
        {
          printf ("%-34s failed\n", name);
          return;
        }
      best = MIN (best, seconds);
      mib = MAX (mib, peak);
    }
  printf ("%-34s %6.2f s a guess   %6.0f MiB peak   %s\n", name, best, mib, note);
}

int
main (int    argc,
      char **argv)
{
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");
  guint runs = quick ? 1 : 3;

  printf ("The head's passphrase (best of %u runs; peak memory of the process that derives):\n", runs);
  for (guint log2 = 17; log2 <= 20; log2++)
    {
      g_autofree char *name = g_strdup_printf ("scrypt N=2^%u r=8 p=1", log2);
      if (quick && log2 != 17 && log2 != KP_KEY_STANDARD_LOG2_N)
        continue;
      report (name, SCRYPT, log2, 0, runs,
              log2 == KP_KEY_STANDARD_LOG2_N ? "<- the standard for new keys" : log2 == 17 ? "(keys sealed before)" : "");
    }
#ifdef KP_HAVE_ARGON2
  if (!quick)
    {
      report ("Argon2id m=256 MiB t=3 p=1", ARGON2ID, 256, 3, runs, "(measured, not chosen)");
      report ("Argon2id m=512 MiB t=2 p=1", ARGON2ID, 512, 2, runs, "(measured, not chosen)");
      report ("Argon2id m=1024 MiB t=1 p=1", ARGON2ID, 1024, 1, runs, "(measured, not chosen)");
    }
#else
  printf ("(Argon2id not measured: libargon2-dev was not found at build time)\n");
#endif

  {
    guint8 salt[16] = { 0 }, out[66];
    guint guesses = 0;
    double start = now ();

    while (now () - start < 2.0)
      {
        PKCS5_PBKDF2_HMAC_SHA1 ("tre-nguon-khoi-buom-sang-dieu-non-manh", 38, salt, sizeof salt, 1000, sizeof out, out);
        guesses++;
      }
    printf ("\nThe archive password (ZIP AES, PBKDF2-HMAC-SHA1, 1,000 rounds, 66 bytes):\n"
            "%-34s %6.0f guesses a second on one core\n", "", guesses / (now () - start));
  }
  return 0;
}
