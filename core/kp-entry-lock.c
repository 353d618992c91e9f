/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-entry-lock.c — one entry session per pass (flock on a file beside the
 * congress file); see kp-entry-lock.h. */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kp-entry-lock.h"

struct _KpEntryLock
{
  int fd;
};

G_DEFINE_QUARK (kp-entry-lock-error-quark, kp_entry_lock_error)

/**
 * kp_entry_lock_path:
 *
 * Returns: (transfer full): the lock file of one pass: hidden, beside the
 * congress file, ".NAME.ELECTION-ROUND-PASS.lock" (the election id escaped
 * so that it stays one file name).
 */
char *
kp_entry_lock_path (const char *congress_path,
                    const char *election_id,
                    guint       round,
                    char        pass)
{
  g_autofree char *dir = g_path_get_dirname (congress_path);
  g_autofree char *base = g_path_get_basename (congress_path);
  g_autofree char *id = g_uri_escape_string (election_id, NULL, FALSE);
  g_autofree char *name = g_strdup_printf (".%s.%s-%u-%c.lock", base, id, round, pass);

  return g_build_filename (dir, name, NULL);
}

/* The holder's name: the first line of the file, or NULL. */
static char *
read_holder (int fd)
{
  char buffer[1024];
  ssize_t n;
  char *end;

  n = pread (fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0)
    return NULL;
  buffer[n] = '\0';
  if ((end = strchr (buffer, '\n')) != NULL)
    *end = '\0';
  if (*buffer == '\0' || !g_utf8_validate (buffer, -1, NULL))
    return NULL;
  return g_strdup (buffer);
}

/**
 * kp_entry_lock_acquire:
 * @round: the round (not 0: the lock names the round it guards)
 * @pass: 'A', 'B' or 'C'
 * @operator: who enters; written in the file for whoever is refused
 * @holder: (out) (optional) (transfer full): when the pass is held, the
 *   holder's name (%NULL if it cannot be read)
 *
 * Takes the pass for this entry session, without waiting.
 *
 * Returns: (transfer full): the lock, released by kp_entry_lock_release(),
 * or %NULL with KP_ENTRY_LOCK_ERROR_HELD when another session (this
 * process or another) holds the pass, KP_ENTRY_LOCK_ERROR_IO when the file
 * cannot be made.
 */
KpEntryLock *
kp_entry_lock_acquire (const char  *congress_path,
                       const char  *election_id,
                       guint        round,
                       char         pass,
                       const char  *operator,
                       char       **holder,
                       GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  KpEntryLock *lock;
  int fd;

  g_return_val_if_fail (congress_path != NULL && election_id != NULL && round > 0, NULL);
  g_return_val_if_fail (pass >= 'A' && pass <= 'C' && operator != NULL, NULL);

  if (holder != NULL)
    *holder = NULL;
  path = kp_entry_lock_path (congress_path, election_id, round, pass);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_IO, _ ("%s: cannot make the entry lock (%s)"), path,
                   g_strerror (saved));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      g_autofree char *name = saved == EWOULDBLOCK ? read_holder (fd) : NULL;

      close (fd);
      if (saved != EWOULDBLOCK)
        {
          g_set_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_IO, _ ("%s: cannot take the entry lock (%s)"), path,
                       g_strerror (saved));
          return NULL;
        }
      if (name != NULL)
        g_set_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD,
                     _ ("pass %c of %s (round %u) is being entered by %s; one person enters a pass at a time"), pass,
                     election_id, round, name);
      else
        g_set_error (error, KP_ENTRY_LOCK_ERROR, KP_ENTRY_LOCK_ERROR_HELD,
                     _ ("pass %c of %s (round %u) is being entered by someone else; one person enters a pass at a "
                        "time"), pass, election_id, round);
      if (holder != NULL)
        *holder = g_steal_pointer (&name);
      return NULL;
    }
  /* Ours: say who holds it. The text is informative only — the lock is
   * the kernel's — so a full disk (the text cannot be written) still
   * leaves the pass held: whoever is refused reads "someone else", and the
   * entry itself then says the disk is full. */
  text = g_strdup_printf ("%s\n%d\n%s\n", operator, (int) getpid (), g_get_host_name ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, text, strlen (text), 0) != (ssize_t) strlen (text))
    g_debug ("%s: the holder's name is not written (%s)", path, g_strerror (errno));
  lock = g_new0 (KpEntryLock, 1);
  lock->fd = fd;
  return lock;
}

/**
 * kp_entry_lock_release:
 *
 * Gives the pass back (closing the descriptor drops the kernel's lock).
 * The file stays: removing it could let two sessions lock two different
 * files of the same name.
 */
void
kp_entry_lock_release (KpEntryLock *lock)
{
  if (lock == NULL)
    return;
  if (ftruncate (lock->fd, 0) != 0)
    { /* only the holder's name is left behind; the lock itself goes */ }
  close (lock->fd);
  g_free (lock);
}
