/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which processes hold a VF through VFIO. The kernel only knows that the
 * VF is in use; a VFIO user keeps /dev/vfio/GROUP (or the VF's own
 * /dev/vfio/devices/vfioN) open, and /proc shows whose descriptor that is.
 * /proc is $VFCTL_PROC when set, so the tests can use a fake tree.
 */
#ifndef VFCTL_HOLDER_H
#define VFCTL_HOLDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HOLDER_COMM_LEN	64
#define HOLDER_MAX_TARGETS 4

/* One process with a descriptor on one of the device files. */
struct holder {
	int pid;
	char comm[HOLDER_COMM_LEN];	/* /proc/PID/comm, "?" if unreadable */
};

/* The device files a VFIO user of one VF opens, "" past the last. */
struct holder_targets {
	char path[HOLDER_MAX_TARGETS][64];
	size_t n;
};

const char *proc_root(void);

int holder_scan(const char *proc, const struct holder_targets *t,
		struct holder **out, size_t *n);
int holder_targets_vf(const char *vf_pci, struct holder_targets *t);
int holder_find_vf(const char *vf_pci, struct holder **out, size_t *n);
int holder_find_pf_vf(const char *pf, uint32_t vf, struct holder **out,
		      size_t *n);
void holder_text(char *buf, size_t len, const struct holder *h, size_t n);

#endif /* VFCTL_HOLDER_H */
