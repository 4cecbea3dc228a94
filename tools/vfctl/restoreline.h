/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which lines of a saved configuration "vfctl restore PF" runs. No I/O:
 * the caller resolves PF arguments through a callback, so the host unit
 * tests can try every kind of line against a made-up set of PFs.
 */
#ifndef VFCTL_RESTORELINE_H
#define VFCTL_RESTORELINE_H

#include <stddef.h>

#include "util.h"

/* The file restore reads when none is named, and where save should write. */
#ifndef VFCTL_CONF
#define VFCTL_CONF "/etc/vfmgr/vfmgr.conf"
#endif

enum restore_verdict {
	RESTORE_RUN,	/* run the line: it is for PF, or it has a usage error */
	RESTORE_SKIP,	/* a line for another PF */
	RESTORE_REFUSE,	/* a command restore does not run; why says so */
	RESTORE_BAD_PF,	/* the line's PF is unknown; the resolver said why */
};

/*
 * Turns a PF argument into its normalised PCI address, as pci_pf_addr()
 * does; returns 0, or nonzero once it has reported why it cannot.
 */
typedef int (*restore_resolve_fn)(const char *arg, char addr[PCI_ADDR_STRLEN],
				  void *ctx);

/* Room for the longest message restore_line() writes. */
#define RESTORE_WHY_LEN 160

enum restore_verdict restore_line(const char *obj, const char *cmd, int nargs,
				  char *const *args, const char *pf,
				  restore_resolve_fn resolve, void *ctx,
				  char *why, size_t len);

#endif /* VFCTL_RESTORELINE_H */
