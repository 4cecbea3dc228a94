// SPDX-License-Identifier: GPL-2.0
/*
 * "vfctl restore PF [FILE]": the part of a saved configuration (what
 * "vfctl save" wrote, by default /etc/vfmgr/vfmgr.conf) that configures PF,
 * applied line by line. The udev rule runs it when a port binds to vfmgr,
 * so each port of a machine gets its own lines back at boot, whatever order
 * the ports come up in.
 *
 * The lines run as -batch runs them, on one netlink socket, with one
 * difference: a failing line is reported and the next one runs, so one bad
 * line does not cost the rest of the configuration at boot. The exit status
 * still says that something failed. restoreline.c decides which lines run.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "pci.h"
#include "restoreline.h"
#include "vfctl.h"

/* A PF argument of a line, named as pci_pf_addr() names it. */
static int resolve(const char *arg, char addr[PCI_ADDR_STRLEN], void *ctx __maybe_unused)
{
	return pci_pf_addr(arg, addr);
}

/* ctx: the normalised address of the PF being restored. */
static int filter(int argc, char **argv, const char *obj, const char *cmd,
		  void *ctx)
{
	char why[RESTORE_WHY_LEN];
	int nargs;

	/* A line that is a usage error runs, for the error it reports. */
	if (!obj)
		return BATCH_LINE_RUN;
	nargs = argc - (cmd ? 2 : 1);
	switch (restore_line(obj, cmd, nargs, argv + argc - nargs, ctx, resolve, NULL,
			     why, sizeof(why))) {
	case RESTORE_RUN:
		return BATCH_LINE_RUN;
	case RESTORE_SKIP:
		return BATCH_LINE_SKIP;
	case RESTORE_REFUSE:
		vfctl_err("%s", why);
		return BATCH_LINE_FAILED;
	default:
		return BATCH_LINE_FAILED;
	}
}

int restore(int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : NULL, *name;
	char pf[PCI_ADDR_STRLEN];
	FILE *f;
	int ret;

	ret = pci_pf_resolve(argv[0], pf);
	if (ret)
		return ret;

	if (file && !strcmp(file, "-")) {
		f = stdin;
		name = "<stdin>";
	} else {
		name = file ? file : VFCTL_CONF;
		f = fopen(name, "re");
		/* Nothing saved yet: nothing to restore, and no reason to say so. */
		if (!f && !file && errno == ENOENT)
			return VFCTL_OK;
		if (!f) {
			vfctl_err("restore: cannot open %s: %s", name, strerror(errno));
			return VFCTL_FAIL;
		}
	}
	ret = batch_run(f, name, filter, pf, true);
	if (f != stdin)
		fclose(f);
	return ret;
}
