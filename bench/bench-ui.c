/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-ui — the desktop app (issue #6 targets; needs a display, e.g.
 * `dbus-run-session -- xvfb-run -a build/bench/bench-ui`):
 *
 *   start to a usable window: gtk_init, the application, the window, the
 *   congress file opened and the first frame painted (target < 1 s);
 *   entering a ballot: from the Enter key to the next ballot shown, which
 *   includes the durable commit, p50 and p99 over 1,600 ballots × 200 names.
 */

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kp-application.h"
#include "kp-window.h"

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  double t0 = now (), first_frame;
  g_autofree char *dir = g_dir_make_tmp ("kp-bench-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "national.kiemphieu", NULL);
  g_autoptr(GString) def = g_string_new ("{\"format\":\"kiemphieu/election@1\",\"congress\":{\"organization\":"
                                         "\"ĐẢNG CỘNG SẢN VIỆT NAM\",\"name\":\"ĐẠI HỘI XIV\",\"kind\":\"delegates\","
                                         "\"convened\":1600},\"elections\":[{\"id\":\"bch\",\"title\":\"Bầu Ban Chấp hành\","
                                         "\"body\":\"committee\",\"seats\":180,\"candidates\":[");
  g_autoptr(GError) error = NULL;
  g_autofree double *latency = g_new (double, 1600);
  KpApplication *application;
  KpWindow *window;
  KpEntryView *view;
  GRand *rand = g_rand_new_with_seed (14);

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (def, "%s{\"no\":%u,\"name\":\"Nguyễn Văn Thành %u\"}", i ? "," : "", i + 1, i + 1);
  g_string_append (def, "]}]}");
  {
    g_autoptr(KpStore) store = kp_store_create (path, def->str, def->len, "national.json", "bench", &error);
    if (store == NULL)
      g_error ("%s", error->message);
  }

  t0 = now ();
  gtk_init ();
  adw_init ();
  application = kp_application_new ();
  g_application_register (G_APPLICATION (application), NULL, NULL);
  window = kp_window_new (GTK_APPLICATION (application));
  gtk_window_present (GTK_WINDOW (window));
  if (!kp_window_open_file (window, path, &error))
    g_error ("%s", error->message);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint_cb), NULL);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  first_frame = now () - t0;
  printf ("start to a usable window (national congress file open, first frame): %.0f ms\n", first_frame * 1e3);

  /* The operator answers "who is entering?" once, as at the table. */
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data) && g_object_get_data (G_OBJECT (l->data), "name") != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (l->data), "name")), "Trần Thị Nhập");
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (l->data), "ok");
        }
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
  }
  if (!kp_window_start_entry (window, "bch", 'A', &error))
    g_error ("%s", error->message);
  view = kp_window_get_entry_view (window);
  for (guint b = 0; b < 1600; b++)
    {
      double t;
      guint struck = 20 + g_rand_int_range (rand, 0, 20), done = 0;
      gboolean used[201] = { FALSE };

      while (done < struck)
        {
          guint no = g_rand_int_range (rand, 1, 201);
          char digits[8];
          if (used[no])
            continue;
          used[no] = TRUE;
          done++;
          g_snprintf (digits, sizeof digits, "%u", no);
          for (char *d = digits; *d; d++)
            kp_entry_view_press (view, gdk_unicode_to_keyval (*d), 0);
          kp_entry_view_press (view, GDK_KEY_space, 0);
        }
      t = now ();
      kp_entry_view_press (view, GDK_KEY_Return, 0);
      latency[b] = now () - t;
      if (kp_entry_view_get_serial (view) != b + 2)
        g_error ("ballot %u was not saved", b + 1);
    }
  qsort (latency, 1600, sizeof (double), compare_doubles);
  printf ("entering a ballot (Enter → durable → next ballot shown), 1,600 × 200 names: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
          latency[799] * 1e3, latency[1583] * 1e3, latency[1599] * 1e3);
  return 0;
}
