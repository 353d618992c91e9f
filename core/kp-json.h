/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kp-json.h — loading JSON from a file or a congress file safely: json-glib
 * parses nesting by recursion, so a text of 80,000 "[" would overflow the
 * stack; the depth is bounded before parsing.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any definition, journal entry or sealed key we write. */
#define KP_JSON_MAX_DEPTH 64

gboolean kp_json_load (JsonParser  *parser,
                       const char  *data,
                       gssize       length,
                       GError     **error);

G_END_DECLS
