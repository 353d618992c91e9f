#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make-man.py — one manual page of KiemPhieu, in one language, from the
program's own --help (run in that language) and a help2man include file.

    make-man.py --help2man help2man --program build/app/kiemphieu-cli \
        --version 0.1.0 --locale vi_VN.UTF-8 --localedir build/po \
        --template app/man/kiemphieu-cli.vi.h2m --workdir DIR \
        --commands --output kiemphieu-cli.1

The program is run under LC_ALL=LOCALE with KP_LOCALEDIR=LOCALEDIR (the
build's translations), so its --help is the text a user sees in that
language. help2man lays out the page and names its sections in that
language (--locale). What help2man cannot parse by itself is made into roff
here and put into the include file in place of a line:

  @SYNOPSIS@  the usage line of --help
  @COMMANDS@  every command's usage, summary and options
              (`PROGRAM COMMAND --help`, with --commands)
  @OPTIONS@   the program's own option groups (GLib's --help layout)

A Vietnamese page needs the vi_VN.UTF-8 locale: when the system has not
generated it, it is made with localedef in the work folder (LOCPATH), so a
package build needs no root and no system change.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys


def fail(message):
    print(f"make-man: {message}", file=sys.stderr)
    sys.exit(1)


def locale_environment(locale, workdir):
    """The environment in which the program and help2man run."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("LC_") or k in ("LANG", "LANGUAGE", "LOCPATH"))}
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)  # --help needs no display; never open one
    env["LC_ALL"] = locale
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0")  # a sanitizer build
    if locale.split(".")[0] in ("C", "POSIX"):
        return env
    wanted = locale.lower().replace("-", "")
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    if wanted in (name.lower().replace("-", "") for name in have):
        return env
    # Not generated on this system (a build chroot): make it here.
    language, _, charmap = locale.partition(".")
    locpath = os.path.join(workdir, "locale")
    os.makedirs(locpath, exist_ok=True)
    if not os.path.isdir(os.path.join(locpath, locale)):
        made = subprocess.run(["localedef", "-i", language, "-f", charmap or "UTF-8",
                               os.path.join(locpath, locale)],
                              capture_output=True, text=True)
        # localedef exits 1 on mere warnings; the folder is what counts.
        if not os.path.isfile(os.path.join(locpath, locale, "LC_MESSAGES", "SYS_LC_MESSAGES")):
            fail(f"the {locale} locale is not on this system and localedef could not make it "
                 f"(install the locales package): {made.stderr.strip()}")
    env["LOCPATH"] = locpath
    return env


def run_help(argv, env):
    done = subprocess.run(argv, env=env, capture_output=True)
    if done.returncode != 0:
        fail(f"{' '.join(argv)} exited {done.returncode}: "
             f"{done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")


def split_help(text, words):
    """(arguments, summary, option groups, other lines) of a --help text.

    The usage is the first line holding WORDS (the program, or the program
    and a command), on the label's line ("Usage: prog ARGS") or the next
    (GLib: "Usage:" then "  prog [OPTION…] ARGS — summary"). An option group
    is an unindented line ending in ':' followed by indented lines starting
    with '-'."""
    lines = text.rstrip("\n").split("\n")
    pattern = re.compile(r"(?:^|\s)" + re.escape(words) + r"(?:\s+(.*))?$")
    arguments, summary, start = "", "", 0
    for i, line in enumerate(lines):
        found = pattern.search(line)
        if found:
            arguments = (found.group(1) or "").strip()
            start = i + 1
            break
    else:
        fail(f"no usage line naming \"{words}\" in:\n{text}")
    if " — " in arguments:
        arguments, summary = (part.strip() for part in arguments.split(" — ", 1))

    groups, other = [], []
    i = start
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if line and not line[0].isspace() and line.rstrip().endswith(":") \
           and following.lstrip().startswith("-") and following[:1].isspace():
            options = []
            i += 1
            while i < len(lines) and lines[i][:1].isspace() and lines[i].strip():
                found = re.match(r"\s+(-\S.*?)(?:\s{2,}(\S.*))?$", lines[i])
                if found:
                    options.append([found.group(1), found.group(2) or ""])
                elif options:  # a description carried onto the next line
                    options[-1][1] += " " + lines[i].strip()
                i += 1
            groups.append((line.rstrip()[:-1], options))
            continue
        other.append(line)
        i += 1
    while other and not other[0].strip():
        other.pop(0)
    return arguments, summary, groups, other


def roff_text(text):
    """Plain text as roff: backslashes escaped, options in bold, no line
    starting with a control character."""
    text = text.replace("\\", "\\e")
    text = re.sub(r"(^|[\s(])(--?[A-Za-z][\w-]*)",
                  lambda m: m.group(1) + "\\fB" + m.group(2).replace("-", "\\-") + "\\fR", text)
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def roff_option(option):
    """"-o, --output=FILE" as "\\fB\\-o\\fR, \\fB\\-\\-output\\fR=\\fIFILE\\fR"."""
    parts = []
    for part in option.split(", "):
        name, equals, argument = part.partition("=")
        name, space, rest = name.partition(" ")
        roff = "\\fB" + name.replace("\\", "\\e").replace("-", "\\-") + "\\fR"
        if equals:
            roff += "=\\fI" + argument.replace("\\", "\\e") + "\\fR"
        elif space:
            roff += " \\fI" + rest.replace("\\", "\\e") + "\\fR"
        parts.append(roff)
    return ", ".join(parts)


def roff_groups(groups, skip_help):
    out = []
    for _heading, options in groups:
        if skip_help and any(re.search(r"(^|\s)--help(\s|$|,)", o) for o, _ in options):
            continue  # a command's "-h, --help": said once for all commands
        for option, description in options:
            out += [".TP", roff_option(option), roff_text(description)]
    return out


def roff_paragraphs(lines):
    out, paragraph = [], []
    for line in lines + [""]:
        if line.strip():
            paragraph.append(roff_text(line.strip()))
        elif paragraph:
            out += [".PP"] + paragraph
            paragraph = []
    return out


def command_names(program, env):
    """The commands listed in the program's --help ("  name   summary"),
    asked in English: a translated line never passes for a command."""
    english = dict(env, LC_ALL="C.UTF-8")
    names = []
    for line in run_help([program, "--help"], english).split("\n"):
        found = re.match(r"  ([a-z][a-z0-9-]*[a-z0-9]) +\S", line)
        if found:
            names.append(found.group(1))
    return names


def main():
    if sys.argv[1:2] == ["--can-make-locale"]:
        # meson asks: can a page in this locale be made here?
        locale = sys.argv[2]
        have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
        if locale.lower().replace("-", "") in (n.lower().replace("-", "") for n in have):
            sys.exit(0)
        source = os.path.join("/usr/share/i18n/locales", locale.split(".")[0])
        sys.exit(0 if os.path.isfile(source) and shutil.which("localedef") else 1)

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--help2man", required=True)
    parser.add_argument("--program", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--locale", required=True)
    parser.add_argument("--localedir", required=True)
    parser.add_argument("--template", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--commands", action="store_true")
    args = parser.parse_args()

    name = os.path.basename(args.program)
    os.makedirs(args.workdir, exist_ok=True)
    env = locale_environment(args.locale, args.workdir)
    env["KP_LOCALEDIR"] = os.path.abspath(args.localedir)

    main_help = run_help([args.program, "--help"], env)
    arguments, summary, groups, other = split_help(main_help, name)

    commands = []
    if args.commands:
        # Two spaces at least between a command and its summary, or help2man
        # runs "archive-check open and verify…" into the line above.
        names = command_names(args.program, env)
        width = max((len(n) for n in names), default=0) + 2
        listed = re.compile(r"  (" + "|".join(map(re.escape, names)) + r") +(?=\S)")
        other = [listed.sub(lambda m: "  " + m.group(1).ljust(width), line) for line in other]
        for command in names:
            text = run_help([args.program, command, "--help"], env)
            c_arguments, c_summary, c_groups, c_other = split_help(text, f"{name} {command}")
            commands += [f'.SS "{command}"', f"\\fB{name} {command}\\fR {roff_text(c_arguments)}"]
            if c_summary:
                commands += [".br", roff_text(c_summary)]
            commands += roff_groups(c_groups, skip_help=True)
            commands += roff_paragraphs(c_other)
        if not commands:
            fail(f"no commands found in {name} --help:\n{main_help}")

    with open(args.template, encoding="utf-8") as f:
        template = f.read().split("\n")
    include = []
    for line in template:
        if line.strip() == "@COMMANDS@":
            include += commands
        elif line.strip() == "@SYNOPSIS@":
            include += [f".B {name}", roff_text(arguments)]
        elif line.strip() == "@OPTIONS@":
            include += roff_groups(groups, skip_help=False)
        else:
            include.append(line)

    include_path = os.path.join(args.workdir, name + ".h2m")
    with open(include_path, "w", encoding="utf-8") as f:
        f.write("\n".join(include) + "\n")

    # help2man runs PROGRAM --help and --version: a stand-in that prints
    # the rest of the real --help (the usage and the option groups are in
    # the include file now) and the version.
    bindir = os.path.join(args.workdir, "bin")
    os.makedirs(bindir, exist_ok=True)
    body = "\n".join(other).strip("\n") + "\n"
    with open(os.path.join(args.workdir, "help.txt"), "w", encoding="utf-8") as f:
        f.write(body)
    stand_in = os.path.join(bindir, name)
    with open(stand_in, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\n"
                f"if [ \"$1\" = --version ]; then echo '{name} {args.version}'; exit 0; fi\n"
                f"cat '{os.path.abspath(os.path.join(args.workdir, 'help.txt'))}'\n")
    os.chmod(stand_in, 0o755)

    done = subprocess.run([args.help2man, "--no-info", "--section", "1",
                           "--locale", args.locale, "--include", include_path,
                           "--output", args.output, stand_in],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"help2man failed: {done.stderr.strip()}")
    with open(args.output, encoding="utf-8") as f:
        page = f.read()
    # help2man falls back to English headings when it cannot set the
    # locale: a "Vietnamese" page in English must not be installed.
    if args.locale.startswith("vi") and not re.search(r'^\.SH "?MÔ TẢ"?$', page, re.M):
        fail(f"{args.output}: help2man did not write Vietnamese headings (locale {args.locale})")


if __name__ == "__main__":
    main()
