/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kp-sane.c — scanning from a scanner through SANE (libsane adapter). */

#include <glib/gi18n-lib.h>
#include <leptonica/allheaders.h>
#include <sane/sane.h>
#include <sane/saneopts.h>
#include <string.h>

#include "kp-sane.h"

/* Where Debian's libsane looks for the backends' own settings. */
#define KP_SANE_SYSTEM_DIR "/etc/sane.d"

struct _KpSaneDevice
{
  SANE_Handle handle;
  char *name;
  char *model;
  KpSaneSource source;
  guint pages;            /* pages acquired since it was opened */
  gboolean scanning;      /* sane_start () succeeded and no sane_cancel () since */
};

/* SANE's global state (the dll backend's list of backends and devices) is
 * not thread-safe: initialising, listing, opening and closing hold this. */
static GMutex sane_lock;
static gboolean sane_ready;
static GHashTable *models;   /* device name → "vendor model", from the last listing */

G_DEFINE_QUARK (kp-sane-error-quark, kp_sane_error)

/**
 * kp_sane_config_dir:
 *
 * KiemPhieu's SANE folder (a dll.conf of local backends only and an empty
 * dll.d), first match wins:
 * 1. `KP_SANE_CONFIG_DIR` from the environment (tests: the `test` and
 *    `pnm` backends);
 * 2. the build tree: `../data/sane` next to the executable's folder, when
 *    it holds a dll.conf;
 * 3. KP_SANE_DIR, where meson installs it ($datadir/kiemphieu/sane).
 *
 * Returns: (transfer full): the folder.
 */
char *
kp_sane_config_dir (void)
{
  const char *env = g_getenv ("KP_SANE_CONFIG_DIR");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL && *env)
    return g_strdup (env);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *sane = g_build_filename (dir, "..", "data", "sane", NULL);
      g_autofree char *conf = g_build_filename (sane, "dll.conf", NULL);

      if (g_file_test (conf, G_FILE_TEST_IS_REGULAR))
        return g_canonicalize_filename (sane, NULL);
    }
  return g_strdup (KP_SANE_DIR);
}

/**
 * kp_sane_prepare:
 *
 * Points SANE at KiemPhieu's backends: SANE_CONFIG_DIR is our folder
 * first (dll.conf, dll.d: local backends only), then /etc/sane.d for the
 * backends' own .conf files. No trailing ':' — that would add SANE's
 * defaults, among them the current folder. SANE reads the variable once,
 * at its first sane_init (). Call this from main () before any thread
 * starts (setenv is not thread-safe); the first listing or opening does
 * it otherwise.
 */
void
kp_sane_prepare (void)
{
  static gboolean prepared;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (prepared)
    return;
  dir = kp_sane_config_dir ();
  path = g_strconcat (dir, ":", KP_SANE_SYSTEM_DIR, NULL);
  g_setenv ("SANE_CONFIG_DIR", path, TRUE);
  prepared = TRUE;
}

/* Call with sane_lock held. */
static gboolean
ensure_init (GError **error)
{
  SANE_Int version = 0;
  SANE_Status status;

  if (sane_ready)
    return TRUE;
  kp_sane_prepare ();
  status = sane_init (&version, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_FAILED,
                   _ ("The scanner library could not start (its settings are in %s): reinstall KiemPhieu"),
                   g_getenv ("SANE_CONFIG_DIR"));
      return FALSE;
    }
  models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sane_ready = TRUE;
  return TRUE;
}

/* A SANE status as a message that says what to do. */
static void
set_status_error (GError     **error,
                  SANE_Status  status,
                  const char  *model)
{
  switch (status)
    {
    case SANE_STATUS_CANCELLED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _ ("Scanning was stopped"));
      return;
    case SANE_STATUS_NO_DOCS:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_EMPTY, _ ("There is no sheet in the feeder of the scanner %s"),
                   model);
      return;
    case SANE_STATUS_JAMMED:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_JAMMED,
                   _ ("Paper is jammed in the scanner %s: open it, take the sheet out gently so it does not tear, "
                      "put it back on top of the stack and scan again (nothing was saved for that sheet)"), model);
      return;
    case SANE_STATUS_COVER_OPEN:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_COVER_OPEN,
                   _ ("The cover of the scanner %s is open: close it and scan again"), model);
      return;
    case SANE_STATUS_NO_MEM:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_NO_MEM,
                   _ ("The scanner %s ran out of memory: scan in grey at 200 dpi, then scan again"), model);
      return;
    case SANE_STATUS_IO_ERROR:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_IO,
                   _ ("The scanner %s stopped answering: check its cable and its power, switch it off and on, "
                      "then scan again"), model);
      return;
    case SANE_STATUS_DEVICE_BUSY:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_BUSY,
                   _ ("The scanner %s is busy: close any other program that uses it, or wait until it has "
                      "finished, then scan again"), model);
      return;
    case SANE_STATUS_ACCESS_DENIED:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_ACCESS_DENIED,
                   _ ("This user may not use the scanner %s: the technical staff adds the user to the "
                      "\"scanner\" group and logs in again, or unplugs the scanner and plugs it in again"), model);
      return;
    case SANE_STATUS_GOOD:
    case SANE_STATUS_UNSUPPORTED:
    case SANE_STATUS_INVAL:
    case SANE_STATUS_EOF:
    default:
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_FAILED,
                   _ ("The scanner %s reported a problem: check the paper, switch the scanner off and on, "
                      "then scan again"), model);
      return;
    }
}

void
kp_sane_device_info_free (KpSaneDeviceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->vendor);
  g_free (info->model);
  g_free (info->type);
  g_free (info);
}

/**
 * kp_sane_list_devices:
 *
 * The scanners on a cable (sane_get_devices with local_only). Blocks while
 * the backends look at the USB, SCSI and parallel ports (a second or more):
 * call it from a worker thread.
 *
 * Returns: (transfer full): KpSaneDeviceInfo, maybe none; %NULL with
 * @error when SANE cannot start.
 */
GPtrArray *
kp_sane_list_devices (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sane_lock);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kp_sane_device_info_free);
  const SANE_Device **devices = NULL;
  SANE_Status status;

  if (!ensure_init (error))
    return NULL;
  status = sane_get_devices (&devices, SANE_TRUE);
  if (status != SANE_STATUS_GOOD)
    {
      set_status_error (error, status, "");
      return NULL;
    }
  for (guint i = 0; devices != NULL && devices[i] != NULL; i++)
    {
      KpSaneDeviceInfo *info = g_new0 (KpSaneDeviceInfo, 1);

      info->name = g_strdup (devices[i]->name);
      info->vendor = g_strdup (devices[i]->vendor ? devices[i]->vendor : "");
      info->model = g_strdup (devices[i]->model ? devices[i]->model : "");
      info->type = g_strdup (devices[i]->type ? devices[i]->type : "");
      g_hash_table_insert (models, g_strdup (info->name), g_strdup_printf ("%s %s", info->vendor, info->model));
      g_ptr_array_add (list, info);
    }
  return g_steal_pointer (&list);
}

/**
 * kp_sane_type_label:
 * @type: a KpSaneDeviceInfo's type, as the backend says it (English)
 *
 * Returns: the type in the user's language for the types SANE's standard
 * names; else @type as it is.
 */
const char *
kp_sane_type_label (const char *type)
{
  static const char *const types[][2] = {
    { "flatbed scanner", N_ ("flatbed scanner") },
    { "sheetfed scanner", N_ ("sheet-fed scanner") },
    { "film scanner", N_ ("film scanner") },
    { "handheld scanner", N_ ("handheld scanner") },
    { "multi-function peripheral", N_ ("printer with a scanner") },
    { "virtual device", N_ ("virtual device (for tests)") },
    { "still camera", N_ ("camera") },
    { "video camera", N_ ("video camera") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (type, types[i][0]) == 0)
      return _ (types[i][1]);
  return type;
}

/* --- options --------------------------------------------------------------- */

static SANE_Int
find_option (KpSaneDevice              *d,
             const char                *name,
             const SANE_Option_Descriptor **out)
{
  for (SANE_Int i = 1;; i++)
    {
      const SANE_Option_Descriptor *o = sane_get_option_descriptor (d->handle, i);

      if (o == NULL)
        return -1;
      if (o->name != NULL && strcmp (o->name, name) == 0 && SANE_OPTION_IS_ACTIVE (o->cap))
        {
          *out = o;
          return i;
        }
    }
}

static gboolean
set_raw (KpSaneDevice *d,
         const char   *name,
         const char   *value,
         SANE_Int      index,
         gpointer      buffer,
         GError      **error)
{
  SANE_Int info = 0;
  SANE_Status status = sane_control_option (d->handle, index, SANE_ACTION_SET_VALUE, buffer, &info);

  if (status != SANE_STATUS_GOOD)
    {
      if (status == SANE_STATUS_INVAL || status == SANE_STATUS_UNSUPPORTED)
        g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION,
                     _ ("The scanner %s refused the setting %s = %s"), d->model, name, value);
      else
        set_status_error (error, status, d->model);
      return FALSE;
    }
  return TRUE;
}

/**
 * kp_sane_device_set_option:
 * @name: the option's SANE name ("resolution", "mode", "filename"…)
 * @value: as text: a number, yes/no, or one of the option's words (case
 *   does not matter)
 *
 * Sets any option the backend offers and that is active now.
 */
gboolean
kp_sane_device_set_option (KpSaneDevice *d,
                           const char   *name,
                           const char   *value,
                           GError      **error)
{
  const SANE_Option_Descriptor *o = NULL;
  SANE_Int index = find_option (d, name, &o);

  if (index < 0 || !SANE_OPTION_IS_SETTABLE (o->cap))
    {
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION, _ ("The scanner %s has no setting \"%s\" to change"),
                   d->model, name);
      return FALSE;
    }
  switch (o->type)
    {
    case SANE_TYPE_BOOL:
      {
        SANE_Bool b;
        if (g_ascii_strcasecmp (value, "yes") == 0 || g_ascii_strcasecmp (value, "true") == 0
            || strcmp (value, "1") == 0)
          b = SANE_TRUE;
        else if (g_ascii_strcasecmp (value, "no") == 0 || g_ascii_strcasecmp (value, "false") == 0
                 || strcmp (value, "0") == 0)
          b = SANE_FALSE;
        else
          break;
        return set_raw (d, name, value, index, &b, error);
      }
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED:
      {
        char *end = NULL;
        double v = g_ascii_strtod (value, &end);
        SANE_Word w;

        if (end == value || *end != '\0' || v < -32767 || v > 2147483647.0)
          break;
        w = o->type == SANE_TYPE_INT ? (SANE_Word) v : SANE_FIX (v);
        if (o->size != sizeof (SANE_Word))
          break;
        return set_raw (d, name, value, index, &w, error);
      }
    case SANE_TYPE_STRING:
      {
        g_autofree char *buffer = g_malloc0 (MAX (o->size, 1) + 1);
        const char *chosen = value;

        if (o->constraint_type == SANE_CONSTRAINT_STRING_LIST)
          {
            chosen = NULL;
            for (guint i = 0; o->constraint.string_list[i] != NULL; i++)
              if (g_ascii_strcasecmp (o->constraint.string_list[i], value) == 0)
                chosen = o->constraint.string_list[i];
            if (chosen == NULL)
              break;
          }
        if (strlen (chosen) + 1 > (gsize) o->size)
          break;
        strcpy (buffer, chosen);
        return set_raw (d, name, value, index, buffer, error);
      }
    case SANE_TYPE_BUTTON:
      return set_raw (d, name, value, index, NULL, error);
    case SANE_TYPE_GROUP:
    default:
      break;
    }
  g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION, _ ("The scanner %s cannot take \"%s\" for its setting %s"),
               d->model, value, name);
  return FALSE;
}

/* The current value of a number option, or -1. */
static double
get_number (KpSaneDevice *d,
            const char   *name)
{
  const SANE_Option_Descriptor *o = NULL;
  SANE_Int index = find_option (d, name, &o);
  SANE_Word w = 0;

  if (index < 0 || o->size != sizeof (SANE_Word) || (o->type != SANE_TYPE_INT && o->type != SANE_TYPE_FIXED)
      || sane_control_option (d->handle, index, SANE_ACTION_GET_VALUE, &w, NULL) != SANE_STATUS_GOOD)
    return -1;
  return o->type == SANE_TYPE_FIXED ? SANE_UNFIX (w) : w;
}

static char *
get_string (KpSaneDevice *d,
            const char   *name)
{
  const SANE_Option_Descriptor *o = NULL;
  SANE_Int index = find_option (d, name, &o);
  g_autofree char *buffer = NULL;

  if (index < 0 || o->type != SANE_TYPE_STRING)
    return NULL;
  buffer = g_malloc0 (o->size + 1);
  if (sane_control_option (d->handle, index, SANE_ACTION_GET_VALUE, buffer, NULL) != SANE_STATUS_GOOD)
    return NULL;
  return g_steal_pointer (&buffer);
}

/* What a backend's word for a source means: its backends say "Flatbed",
 * "FlatBed", "Normal", "Document Table", "ADF", "ADF Front", "Automatic
 * Document Feeder", "ADF Duplex", "Duplex", "Automatic Document
 * Feeder(left aligned,Duplex)"… A back-only feed is none of the three. */
static KpSaneSource
source_kind (const char *word)
{
  g_autofree char *w = g_ascii_strdown (word, -1);

  if (strstr (w, "duplex") != NULL)
    return KP_SANE_SOURCE_DUPLEX;
  if (strstr (w, "back") != NULL)
    return 0;
  if (strstr (w, "adf") != NULL || strstr (w, "feeder") != NULL || strstr (w, "automatic document") != NULL)
    return KP_SANE_SOURCE_ADF;
  if (strstr (w, "flatbed") != NULL || strstr (w, "normal") != NULL || strstr (w, "document table") != NULL
      || strstr (w, "glass") != NULL || strstr (w, "platen") != NULL)
    return KP_SANE_SOURCE_FLATBED;
  return 0;
}

static const char *
source_word (KpSaneDevice *d,
             KpSaneSource  kind)
{
  const SANE_Option_Descriptor *o = NULL;

  if (find_option (d, SANE_NAME_SCAN_SOURCE, &o) < 0 || o->type != SANE_TYPE_STRING
      || o->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return NULL;
  for (guint i = 0; o->constraint.string_list[i] != NULL; i++)
    if (source_kind (o->constraint.string_list[i]) == kind)
      return o->constraint.string_list[i];
  return NULL;
}

/**
 * kp_sane_device_get_sources:
 *
 * Returns: the KpSaneSource bits the scanner offers; a scanner without a
 * `source` setting is a flatbed (or feeds one sheet per scan).
 */
guint
kp_sane_device_get_sources (KpSaneDevice *d)
{
  const SANE_Option_Descriptor *o = NULL;
  const SANE_Option_Descriptor *duplex = NULL;
  guint kinds = 0;

  if (find_option (d, SANE_NAME_SCAN_SOURCE, &o) < 0 || o->type != SANE_TYPE_STRING
      || o->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return KP_SANE_SOURCE_FLATBED;
  for (guint i = 0; o->constraint.string_list[i] != NULL; i++)
    kinds |= source_kind (o->constraint.string_list[i]);
  /* A separate yes/no "duplex" setting beside a feeder. */
  if ((kinds & KP_SANE_SOURCE_ADF) && find_option (d, "duplex", &duplex) >= 0 && duplex->type == SANE_TYPE_BOOL)
    kinds |= KP_SANE_SOURCE_DUPLEX;
  return kinds ? kinds : KP_SANE_SOURCE_FLATBED;
}

KpSaneSource
kp_sane_device_get_source (KpSaneDevice *d)
{
  return d->source;
}

gboolean
kp_sane_device_set_source (KpSaneDevice *d,
                           KpSaneSource  source,
                           GError      **error)
{
  const char *word = source_word (d, source);
  const SANE_Option_Descriptor *o = NULL;

  if (!(kp_sane_device_get_sources (d) & source))
    {
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_OPTION,
                   source == KP_SANE_SOURCE_FLATBED ? _ ("The scanner %s has no glass (flatbed)")
                   : source == KP_SANE_SOURCE_ADF ? _ ("The scanner %s has no sheet feeder")
                   : _ ("The scanner %s cannot scan both sides"), d->model);
      return FALSE;
    }
  if (word == NULL && source == KP_SANE_SOURCE_DUPLEX)
    {
      if (!kp_sane_device_set_option (d, SANE_NAME_SCAN_SOURCE, source_word (d, KP_SANE_SOURCE_ADF), error)
          || !kp_sane_device_set_option (d, "duplex", "yes", error))
        return FALSE;
    }
  else if (word != NULL)
    {
      if (!kp_sane_device_set_option (d, SANE_NAME_SCAN_SOURCE, word, error))
        return FALSE;
      if (find_option (d, "duplex", &o) >= 0 && o->type == SANE_TYPE_BOOL && SANE_OPTION_IS_SETTABLE (o->cap)
          && !kp_sane_device_set_option (d, "duplex", "no", error))
        return FALSE;
    }
  d->source = source;
  return TRUE;
}

/**
 * kp_sane_device_get_resolutions:
 *
 * Returns: (transfer full): the resolutions (guint dpi, rising) to offer;
 * for a range, the usual ones inside it. Empty when the scanner has no
 * resolution setting.
 */
GArray *
kp_sane_device_get_resolutions (KpSaneDevice *d)
{
  static const guint usual[] = { 75, 100, 150, 200, 240, 300, 400, 600 };
  GArray *list = g_array_new (FALSE, FALSE, sizeof (guint));
  const SANE_Option_Descriptor *o = NULL;

  if (find_option (d, SANE_NAME_SCAN_RESOLUTION, &o) < 0 || (o->type != SANE_TYPE_INT && o->type != SANE_TYPE_FIXED))
    return list;
  if (o->constraint_type == SANE_CONSTRAINT_WORD_LIST)
    for (SANE_Int i = 1; i <= o->constraint.word_list[0]; i++)
      {
        SANE_Word w = o->constraint.word_list[i];
        double v = o->type == SANE_TYPE_FIXED ? SANE_UNFIX (w) : w;
        guint dpi = (guint) (v + 0.5);
        if (v >= 1 && v <= 10000 && (list->len == 0 || dpi > g_array_index (list, guint, list->len - 1)))
          g_array_append_val (list, dpi);
      }
  else if (o->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      const SANE_Range *r = o->constraint.range;
      double lo = o->type == SANE_TYPE_FIXED ? SANE_UNFIX (r->min) : r->min;
      double hi = o->type == SANE_TYPE_FIXED ? SANE_UNFIX (r->max) : r->max;

      for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
        if (usual[i] >= lo && usual[i] <= hi)
          g_array_append_val (list, usual[i]);
    }
  return list;
}

guint
kp_sane_device_get_resolution (KpSaneDevice *d)
{
  double v = get_number (d, SANE_NAME_SCAN_RESOLUTION);
  return v > 0 ? (guint) (v + 0.5) : 0;
}

gboolean
kp_sane_device_set_resolution (KpSaneDevice *d,
                               guint         dpi,
                               GError      **error)
{
  g_autofree char *text = g_strdup_printf ("%u", dpi);
  return kp_sane_device_set_option (d, SANE_NAME_SCAN_RESOLUTION, text, error);
}

/* Ballots read best at 200 dpi (docs/formats.md): 200, else the nearest
 * at or above 150, else the highest offered. */
static void
choose_resolution (KpSaneDevice *d)
{
  g_autoptr(GArray) list = kp_sane_device_get_resolutions (d);
  guint best = 0;

  for (guint i = 0; i < list->len; i++)
    {
      guint dpi = g_array_index (list, guint, i);
      if (dpi == 200 || (best != 200 && dpi >= 150 && (best < 150 || ABS ((int) dpi - 200) < ABS ((int) best - 200))))
        best = dpi;
      else if (best < 150 && dpi > best)
        best = dpi;
    }
  if (best > 0)
    kp_sane_device_set_resolution (d, best, NULL);
}

static gboolean
is_grey_word (const char *word)
{
  g_autofree char *w = g_ascii_strdown (word, -1);
  return strstr (w, "gray") != NULL || strstr (w, "grey") != NULL;
}

/* Grey if the scanner has it, else colour; lineart and halftone lose the
 * pen's grey edges recognition uses. */
static void
choose_mode (KpSaneDevice *d)
{
  const SANE_Option_Descriptor *o = NULL;
  const char *grey = NULL, *colour = NULL;

  if (find_option (d, SANE_NAME_SCAN_MODE, &o) < 0 || o->type != SANE_TYPE_STRING
      || o->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return;
  for (guint i = 0; o->constraint.string_list[i] != NULL; i++)
    {
      const char *word = o->constraint.string_list[i];
      g_autofree char *w = g_ascii_strdown (word, -1);
      if (grey == NULL && is_grey_word (word))
        grey = word;
      else if (colour == NULL && (strstr (w, "color") != NULL || strstr (w, "colour") != NULL))
        colour = word;
    }
  if (grey != NULL || colour != NULL)
    kp_sane_device_set_option (d, SANE_NAME_SCAN_MODE, grey ? grey : colour, NULL);
}

/**
 * kp_sane_device_is_grey:
 *
 * Returns: whether the scanner is set to grey (it was chosen on opening
 * when the scanner has it); pages come as greyscale JPEG then.
 */
gboolean
kp_sane_device_is_grey (KpSaneDevice *d)
{
  g_autofree char *mode = get_string (d, SANE_NAME_SCAN_MODE);
  return mode == NULL || is_grey_word (mode);
}

/* --- open, close ------------------------------------------------------------ */

/**
 * kp_sane_device_open:
 * @name: a KpSaneDeviceInfo's name (or "test:0", "pnm:0" in the tests)
 *
 * Opens the scanner and chooses what reads ballots best: 200 dpi (else the
 * nearest at or above 150) and grey (else colour). The source stays what
 * the scanner had (see kp_sane_device_set_source ()).
 */
KpSaneDevice *
kp_sane_device_open (const char *name,
                     GError    **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sane_lock);
  g_autoptr(KpSaneDevice) d = g_new0 (KpSaneDevice, 1);
  const char *model;
  SANE_Status status;
  g_autofree char *source = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  if (!ensure_init (error))
    return NULL;
  /* The model, for the operator and the pages' names: from a listing
   * (once, if this device was not listed yet). */
  if (!g_hash_table_contains (models, name))
    {
      const SANE_Device **devices = NULL;
      if (sane_get_devices (&devices, SANE_TRUE) == SANE_STATUS_GOOD)
        for (guint i = 0; devices != NULL && devices[i] != NULL; i++)
          g_hash_table_insert (models, g_strdup (devices[i]->name),
                               g_strdup_printf ("%s %s", devices[i]->vendor ? devices[i]->vendor : "",
                                                devices[i]->model ? devices[i]->model : ""));
      if (!g_hash_table_contains (models, name))
        g_hash_table_insert (models, g_strdup (name), g_strdup (""));
    }
  model = g_hash_table_lookup (models, name);
  d->name = g_strdup (name);
  d->model = g_strstrip (g_strdup (model != NULL ? model : ""));
  if (*d->model == '\0')
    {
      g_free (d->model);
      d->model = g_strdup (name);
    }
  status = sane_open (name, &d->handle);
  if (status != SANE_STATUS_GOOD)
    {
      d->handle = NULL;
      if (status == SANE_STATUS_INVAL || status == SANE_STATUS_UNSUPPORTED)
        g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_NOT_FOUND,
                     _ ("There is no scanner %s: check that it is plugged in and switched on, then list the "
                        "scanners again"), name);
      else
        set_status_error (error, status, d->model);
      return NULL;
    }
  choose_mode (d);
  choose_resolution (d);
  source = get_string (d, SANE_NAME_SCAN_SOURCE);
  d->source = source != NULL && source_kind (source) ? source_kind (source) : KP_SANE_SOURCE_FLATBED;
  return g_steal_pointer (&d);
}

void
kp_sane_device_close (KpSaneDevice *d)
{
  if (d == NULL)
    return;
  if (d->handle != NULL)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sane_lock);
      if (d->scanning)
        sane_cancel (d->handle);
      sane_close (d->handle);
    }
  g_free (d->name);
  g_free (d->model);
  g_free (d);
}

const char *
kp_sane_device_get_name (KpSaneDevice *d)
{
  return d->name;
}

const char *
kp_sane_device_get_model (KpSaneDevice *d)
{
  return d->model;
}

/* --- acquiring ------------------------------------------------------------- */

static void
on_cancelled (GCancellable *cancellable,
              KpSaneDevice *d)
{
  /* The SANE standard allows sane_cancel () from another thread or a
   * signal handler: the pending sane_read () returns CANCELLED. */
  sane_cancel (d->handle);
}

/* One frame's samples as 0–255: depth 1 grey is 1 = black, depth 1
 * colour 1 = full intensity, depth 16 in the machine's byte order. */
static inline guint
sample (const guint8 *line,
        guint         index,
        int           depth,
        gboolean      bitmap_black)
{
  if (depth == 8)
    return line[index];
  if (depth == 16)
    {
      guint16 v;
      memcpy (&v, line + 2 * index, 2);
      return v >> 8;
    }
  {
    gboolean set = (line[index / 8] >> (7 - index % 8)) & 1;
    return bitmap_black ? (set ? 0 : 255) : (set ? 255 : 0);
  }
}

typedef struct
{
  SANE_Parameters p;
  GByteArray *data;
} Frame;

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->data, g_byte_array_unref);
}

/* Reads the current frame to its end. */
static gboolean
read_frame (KpSaneDevice *d,
            Frame        *f,
            GError      **error)
{
  SANE_Status status = sane_get_parameters (d->handle, &f->p);
  gsize bits;
  gsize limit;
  guint8 buffer[65536];

  if (status != SANE_STATUS_GOOD)
    {
      set_status_error (error, status, d->model);
      return FALSE;
    }
  bits = (gsize) f->p.pixels_per_line * f->p.depth * (f->p.format == SANE_FRAME_RGB ? 3 : 1);
  if ((f->p.depth != 1 && f->p.depth != 8 && f->p.depth != 16) || f->p.pixels_per_line <= 0
      || f->p.pixels_per_line > KP_SCAN_MAX_SIDE || f->p.lines > KP_SCAN_MAX_SIDE || f->p.lines == 0
      || f->p.lines < -1 || f->p.bytes_per_line <= 0 || (gsize) f->p.bytes_per_line < (bits + 7) / 8
      || f->p.bytes_per_line > 16 * KP_SCAN_MAX_SIDE
      || (f->p.lines > 0 && (gsize) f->p.pixels_per_line * f->p.lines > KP_SCAN_MAX_PIXELS)
      || (f->p.format != SANE_FRAME_GRAY && f->p.format != SANE_FRAME_RGB && f->p.format != SANE_FRAME_RED
          && f->p.format != SANE_FRAME_GREEN && f->p.format != SANE_FRAME_BLUE))
    {
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_IMAGE,
                   _ ("The scanner %s sends an image KiemPhieu cannot use (%d bits, %d × %d pixels): set it to "
                      "grey at 200 dpi"), d->model, f->p.depth, f->p.pixels_per_line, f->p.lines);
      return FALSE;
    }
  /* A hand-scanner does not know its height (-1): read to the end, up to
   * the largest side a scan may have. */
  limit = (gsize) f->p.bytes_per_line * (f->p.lines > 0 ? f->p.lines : KP_SCAN_MAX_SIDE);
  f->data = g_byte_array_sized_new (f->p.lines > 0 ? limit : 1 << 20);
  for (;;)
    {
      SANE_Int length = 0;

      status = sane_read (d->handle, buffer, sizeof buffer, &length);
      if (status == SANE_STATUS_EOF)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          set_status_error (error, status, d->model);
          return FALSE;
        }
      if (f->data->len + (gsize) length > limit)
        {
          if (f->p.lines > 0)
            continue;  /* more than announced: keep what was announced */
          g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_IMAGE,
                       _ ("The scanner %s sends a page longer than %u pixels: scan one ballot at a time"), d->model,
                       (guint) KP_SCAN_MAX_SIDE);
          return FALSE;
        }
      g_byte_array_append (f->data, buffer, length);
    }
  return TRUE;
}

/* The frames of one page as a Leptonica image. */
static PIX *
frames_to_pix (KpSaneDevice *d,
               Frame        *frames,
               guint         n,
               GError      **error)
{
  const SANE_Parameters *p = &frames[0].p;
  guint w = p->pixels_per_line;
  guint h = G_MAXUINT;
  gboolean colour = p->format != SANE_FRAME_GRAY;
  const Frame *planes[3] = { NULL, NULL, NULL };
  PIX *pix;
  l_uint32 *data;
  l_int32 wpl;

  for (guint i = 0; i < n; i++)
    {
      if (frames[i].p.pixels_per_line != (int) w || frames[i].p.depth != p->depth)
        h = 0;
      else
        h = MIN (h, frames[i].data->len / frames[i].p.bytes_per_line);
      if (frames[i].p.format == SANE_FRAME_RED || frames[i].p.format == SANE_FRAME_GREEN
          || frames[i].p.format == SANE_FRAME_BLUE)
        planes[frames[i].p.format - SANE_FRAME_RED] = &frames[i];
    }
  if (h != G_MAXUINT && (gsize) w * h > KP_SCAN_MAX_PIXELS)
    {
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_IMAGE,
                   _ ("The scanner %s sends a page longer than %u pixels: scan one ballot at a time"), d->model,
                   (guint) (KP_SCAN_MAX_PIXELS / w));
      return NULL;
    }
  if (h == 0 || h == G_MAXUINT || h > KP_SCAN_MAX_SIDE
      || (p->format != SANE_FRAME_GRAY && p->format != SANE_FRAME_RGB
          && (planes[0] == NULL || planes[1] == NULL || planes[2] == NULL)))
    {
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_IMAGE,
                   _ ("The scanner %s sent an empty or incomplete page: scan that sheet again"), d->model);
      return NULL;
    }
  pix = pixCreate (w, h, colour ? 32 : 8);
  data = pixGetData (pix);
  wpl = pixGetWpl (pix);
  for (guint y = 0; y < h; y++)
    {
      l_uint32 *out = data + (gsize) y * wpl;

      if (p->format == SANE_FRAME_GRAY)
        {
          const guint8 *line = frames[0].data->data + (gsize) y * p->bytes_per_line;
          for (guint x = 0; x < w; x++)
            SET_DATA_BYTE (out, x, sample (line, x, p->depth, TRUE));
        }
      else if (p->format == SANE_FRAME_RGB)
        {
          const guint8 *line = frames[0].data->data + (gsize) y * p->bytes_per_line;
          for (guint x = 0; x < w; x++)
            composeRGBPixel (sample (line, 3 * x, p->depth, FALSE), sample (line, 3 * x + 1, p->depth, FALSE),
                             sample (line, 3 * x + 2, p->depth, FALSE), out + x);
        }
      else
        {
          const guint8 *r = planes[0]->data->data + (gsize) y * planes[0]->p.bytes_per_line;
          const guint8 *g = planes[1]->data->data + (gsize) y * planes[1]->p.bytes_per_line;
          const guint8 *b = planes[2]->data->data + (gsize) y * planes[2]->p.bytes_per_line;
          for (guint x = 0; x < w; x++)
            composeRGBPixel (sample (r, x, p->depth, FALSE), sample (g, x, p->depth, FALSE),
                             sample (b, x, p->depth, FALSE), out + x);
        }
    }
  return pix;
}

/**
 * kp_sane_device_acquire:
 * @cancellable: (nullable): cancel it from any thread to stop the sheet
 *
 * Scans the next page: from the glass, one sheet; from the feeder, the
 * next sheet (its next side, in duplex: front, back, front…). Blocks until
 * the page is read (a second or more): call it from a worker thread.
 *
 * Returns: (transfer full): the page, a JPEG named "scanner MODEL, sheet
 * N" (translated); %NULL with @error: KP_SANE_ERROR_EMPTY when the feeder
 * has no sheet left (the stack is done), G_IO_ERROR_CANCELLED when
 * cancelled, another KpSaneError with what to do.
 */
KpScanSource *
kp_sane_device_acquire (KpSaneDevice *d,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr(GArray) frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  PIX *pix = NULL;
  guint8 *jpeg = NULL;
  size_t size = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *page_name = NULL;
  gulong handler = 0;
  gboolean ok = TRUE;
  double dpi;
  guint sheet;

  g_return_val_if_fail (d != NULL, NULL);
  g_array_set_clear_func (frames, (GDestroyNotify) frame_clear);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  dpi = get_number (d, SANE_NAME_SCAN_RESOLUTION);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), d, NULL);
  for (gboolean last = FALSE; ok && !last;)
    {
      SANE_Status status = sane_start (d->handle);
      Frame frame = { 0 };

      if (status != SANE_STATUS_GOOD)
        {
          set_status_error (error, status, d->model);
          ok = FALSE;
          break;
        }
      d->scanning = TRUE;
      ok = read_frame (d, &frame, error);
      last = frame.p.last_frame || frame.p.format == SANE_FRAME_GRAY || frame.p.format == SANE_FRAME_RGB
             || frames->len >= 2;
      g_array_append_val (frames, frame);
    }
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  /* After an error, or a page from the glass, the scanner goes back to
   * idle; between the pages of a feeder it keeps going. */
  if (!ok || d->source == KP_SANE_SOURCE_FLATBED)
    {
      sane_cancel (d->handle);
      d->scanning = FALSE;
    }
  if (!ok)
    return NULL;

  pix = frames_to_pix (d, (Frame *) frames->data, frames->len, error);
  if (pix == NULL)
    return NULL;
  if (dpi > 0)
    pixSetResolution (pix, (l_int32) (dpi + 0.5), (l_int32) (dpi + 0.5));
  if (pixWriteMemJpeg (&jpeg, &size, pix, 85, 0) != 0)
    {
      pixDestroy (&pix);
      g_set_error (error, KP_SANE_ERROR, KP_SANE_ERROR_IMAGE,
                   _ ("The page from the scanner %s could not be stored as an image: scan that sheet again"),
                   d->model);
      return NULL;
    }
  pixDestroy (&pix);
  bytes = g_bytes_new_with_free_func (jpeg, size, (GDestroyNotify) lept_free, jpeg);
  d->pages++;
  sheet = d->source == KP_SANE_SOURCE_DUPLEX ? (d->pages + 1) / 2 : d->pages;
  if (d->source != KP_SANE_SOURCE_DUPLEX)
    page_name = g_strdup_printf (_ ("scanner %s, sheet %u"), d->model, sheet);
  else if (d->pages % 2 == 1)
    page_name = g_strdup_printf (_ ("scanner %s, sheet %u, front"), d->model, sheet);
  else
    page_name = g_strdup_printf (_ ("scanner %s, sheet %u, back"), d->model, sheet);
  return kp_scan_source_new_from_bytes (bytes, page_name, error);
}

/* --- a producer for kp-scan-worker.h ------------------------------------------- */

typedef struct
{
  KpScanProducer parent;
  KpSaneDevice *device;
  guint pages;  /* 0: until the feeder is empty */
  guint done;
} SaneProducer;

static KpScanSource *
sane_next (KpScanProducer *producer,
           GCancellable   *cancellable,
           char          **where,
           GError        **error)
{
  SaneProducer *self = (SaneProducer *) producer;
  g_autoptr(GError) local_error = NULL;
  KpScanSource *source;

  if (self->pages > 0 && self->done >= self->pages)
    return NULL;
  source = kp_sane_device_acquire (self->device, cancellable, &local_error);
  if (source != NULL)
    {
      self->done++;
      *where = g_strdup (kp_scan_source_get_name (source));
      return source;
    }
  /* The feeder empty, or the operator stopped: the stack is done. */
  if (g_error_matches (local_error, KP_SANE_ERROR, KP_SANE_ERROR_EMPTY)
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  *where = g_strdup (self->device->model);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static guint
sane_total (KpScanProducer *producer)
{
  return 0;
}

static void
sane_free (KpScanProducer *producer)
{
  SaneProducer *self = (SaneProducer *) producer;

  kp_sane_device_close (self->device);
  g_free (self);
}

/**
 * kp_scan_producer_new_sane:
 * @device: (transfer full): the scanner, its source and resolution set
 * @pages: stop after this many pages; 0 until the feeder is empty
 *
 * See kp-sane.h.
 */
KpScanProducer *
kp_scan_producer_new_sane (KpSaneDevice *device,
                           guint         pages)
{
  SaneProducer *self = g_new0 (SaneProducer, 1);

  self->parent.next = sane_next;
  self->parent.total = sane_total;
  self->parent.free = sane_free;
  self->parent.errors_end_stack = TRUE;
  self->device = device;
  self->pages = pages;
  return &self->parent;
}
