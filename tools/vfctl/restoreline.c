// SPDX-License-Identifier: GPL-2.0
/*
 * Which lines of a saved configuration "vfctl restore PF" runs.
 *
 * A file saved from a machine with several ports holds the lines of all of
 * them, and each port restores its own when it binds to vfmgr. A line is
 * for the PF its first argument names, by address or interface name,
 * whatever spelling: both sides are normalised before they are compared.
 * Lines for other PFs are skipped without a word. Of the lines for PF,
 * only those that configure it run: "pf set", "vf bind", "vf set" and
 * "vf clear".
 * Anything else (claiming or releasing a port, a reset, a second file)
 * has no place in a configuration applied at boot and is refused, as is a
 * line that names no PF at all, since it cannot be for another one.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "restoreline.h"

static bool is(const char *name, const char *want)
{
	return name && !strcmp(name, want);
}

/* "pf set", "vf bind", "vf set", "vf clear": what a saved configuration holds. */
static bool restorable(const char *obj, const char *cmd)
{
	return (is(obj, "pf") && is(cmd, "set")) ||
	       (is(obj, "vf") && (is(cmd, "set") || is(cmd, "clear") ||
				  is(cmd, "bind")));
}

/*
 * The commands whose first argument is a PF. Any other, including one
 * added after this list, counts as naming none and is refused.
 */
static bool takes_pf(const char *obj, const char *cmd)
{
	static const char *const pf_cmds[] = { "show", "set", "claim", "release" };
	static const char *const vf_cmds[] = {
		"list", "show", "set", "clear", "reset", "bind",
	};
	size_t i;

	/* Objects that are one command taking a PF first. */
	if (!cmd && (is(obj, "check") || is(obj, "hostdev-xml")))
		return true;
	if (is(obj, "pf")) {
		for (i = 0; i < ARRAY_SIZE(pf_cmds); i++)
			if (is(cmd, pf_cmds[i]))
				return true;
	} else if (is(obj, "vf")) {
		for (i = 0; i < ARRAY_SIZE(vf_cmds); i++)
			if (is(cmd, vf_cmds[i]))
				return true;
	}
	return false;
}

static enum restore_verdict refuse(const char *obj, const char *cmd, char *why,
				   size_t len)
{
	snprintf(why, len,
		 "restore: \"%s%s%s\" is not allowed here; a restore file holds only "
		 "pf set, vf bind, vf set and vf clear lines", obj, cmd ? " " : "",
		 cmd ? cmd : "");
	return RESTORE_REFUSE;
}

/*
 * One line of the file, as OBJECT and COMMAND (their full names, cmd NULL
 * for an object that is one command) and the nargs words after them.
 * pf is the normalised address of the PF being restored. A restorable
 * command without its PF runs, for its own usage error.
 */
enum restore_verdict restore_line(const char *obj, const char *cmd, int nargs,
				  char *const *args, const char *pf,
				  restore_resolve_fn resolve, void *ctx,
				  char *why, size_t len)
{
	char addr[PCI_ADDR_STRLEN];

	if (!takes_pf(obj, cmd) || nargs < 1)
		return restorable(obj, cmd) ? RESTORE_RUN : refuse(obj, cmd, why, len);
	if (resolve(args[0], addr, ctx))
		return RESTORE_BAD_PF;
	if (strcmp(addr, pf))
		return RESTORE_SKIP;
	return restorable(obj, cmd) ? RESTORE_RUN : refuse(obj, cmd, why, len);
}
