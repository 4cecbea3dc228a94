// SPDX-License-Identifier: GPL-2.0
/*
 * The processes that hold a VF through VFIO, found the way lsof would:
 * every /proc/PID/fd/N link whose target is one of the VF's VFIO device
 * files. The group file /dev/vfio/GROUP (GROUP from the VF's iommu_group
 * link; noiommu-GROUP without an IOMMU) is what QEMU and libvirt open; a
 * newer VFIO user may open the VF's own /dev/vfio/devices/vfioN instead.
 *
 * Only processes whose descriptors the caller may read are found: without
 * root, other users' are skipped without a word, so finding nobody says
 * only that nobody visible holds the VF.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holder.h"
#include "sysfs.h"
#include "util.h"

const char *proc_root(void)
{
	const char *root = getenv("VFCTL_PROC");

	return root && *root ? root : "/proc";
}

static int pid_of(const char *name)
{
	unsigned long long v;

	if (!isdigit((unsigned char)name[0]) || uint_parse(name, 1, INT_MAX, &v))
		return -1;
	return (int)v;
}

static bool fd_matches(int dirfd, const char *name, const struct holder_targets *t)
{
	char target[PATH_MAX];
	ssize_t len;
	size_t i;

	len = readlinkat(dirfd, name, target, sizeof(target) - 1);
	if (len < 0)
		return false;
	target[len] = '\0';
	for (i = 0; i < t->n; i++)
		if (!strcmp(target, t->path[i]))
			return true;
	return false;
}

/* Whether a process has a descriptor on one of the targets. */
static bool pid_holds(const char *proc, const char *pid, const struct holder_targets *t)
{
	char path[PATH_MAX];
	struct dirent *e;
	bool found = false;
	DIR *d;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/fd", proc, pid) >= sizeof(path))
		return false;
	d = opendir(path);
	if (!d)		/* gone meanwhile, or not ours to look at */
		return false;
	while (!found && (e = readdir(d)))
		if (e->d_name[0] != '.')
			found = fd_matches(dirfd(d), e->d_name, t);
	closedir(d);
	return found;
}

static void comm_read(const char *proc, const char *pid, char *buf, size_t len)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/comm", proc, pid) >= sizeof(path) ||
	    sysfs_read(path, buf, len) || !buf[0])
		snprintf(buf, len, "?");
}

static int holder_cmp(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/*
 * Every process under the /proc tree @proc with a descriptor on one of
 * @t's files, once each, by pid; *out is to be freed, NULL when none.
 * Returns 0, or a negative errno when @proc cannot be listed.
 */
int holder_scan(const char *proc, const struct holder_targets *t,
		struct holder **out, size_t *n)
{
	struct holder *h = NULL, *grown;
	size_t count = 0, cap = 0;
	struct dirent *e;
	DIR *d;
	int pid;

	*out = NULL;
	*n = 0;
	if (!t->n)
		return 0;
	d = opendir(proc);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		pid = pid_of(e->d_name);
		if (pid < 0 || !pid_holds(proc, e->d_name, t))
			continue;
		grown = array_grow(h, count, &cap, 4, sizeof(*h));
		if (!grown) {
			free(h);
			closedir(d);
			return -ENOMEM;
		}
		h = grown;
		h[count].pid = pid;
		comm_read(proc, e->d_name, h[count].comm, sizeof(h[count].comm));
		count++;
	}
	closedir(d);
	if (count)
		qsort(h, count, sizeof(*h), holder_cmp);
	*out = h;
	*n = count;
	return 0;
}

static void target_add(struct holder_targets *t, const char *fmt, const char *name)
{
	if (t->n < HOLDER_MAX_TARGETS &&
	    (size_t)snprintf(t->path[t->n], sizeof(t->path[0]), fmt, name) <
	    sizeof(t->path[0]))
		t->n++;
}

/*
 * The files a VFIO user of the VF at @vf_pci opens, from sysfs: its group's
 * and, where the kernel has VFIO device files, its own. Returns 0 (t->n may
 * be 0: no group, no VFIO) or a negative errno.
 */
int holder_targets_vf(const char *vf_pci, struct holder_targets *t)
{
	char path[PATH_MAX], name[NAME_MAX + 1];
	struct dirent **ents;
	int err, i, n;

	memset(t, 0, sizeof(*t));
	err = sysfs_path(path, sizeof(path), "bus/pci/devices/%s/iommu_group", vf_pci);
	if (!err)
		err = sysfs_link_name(path, name, sizeof(name));
	if (!err) {
		target_add(t, "/dev/vfio/%s", name);
		target_add(t, "/dev/vfio/noiommu-%s", name);
	} else if (err != -ENOENT) {
		return err;
	}
	err = sysfs_path(path, sizeof(path), "bus/pci/devices/%s/vfio-dev", vf_pci);
	n = err ? err : sysfs_list(path, &ents);
	if (n < 0)
		return n == -ENOENT ? 0 : n;
	for (i = 0; i < n; i++)
		if (!strncmp(ents[i]->d_name, "vfio", 4))
			target_add(t, "/dev/vfio/devices/%s", ents[i]->d_name);
	sysfs_list_free(ents, n);
	return 0;
}

/* The holders of the VF at @vf_pci, from sysfs and /proc (see holder_scan). */
int holder_find_vf(const char *vf_pci, struct holder **out, size_t *n)
{
	struct holder_targets t;
	int err;

	*out = NULL;
	*n = 0;
	err = holder_targets_vf(vf_pci, &t);
	return err ? err : holder_scan(proc_root(), &t, out, n);
}

/* The same for VF @vf of the PF at @pf, found by the PF's virtfnN link. */
int holder_find_pf_vf(const char *pf, uint32_t vf, struct holder **out, size_t *n)
{
	char path[PATH_MAX], name[NAME_MAX + 1];
	int err;

	*out = NULL;
	*n = 0;
	err = sysfs_path(path, sizeof(path), "bus/pci/devices/%s/virtfn%u", pf, vf);
	if (!err)
		err = sysfs_link_name(path, name, sizeof(name));
	return err ? err : holder_find_vf(name, out, n);
}

/* "COMM pid PID, COMM pid PID", cut short (never mid-way) if buf is. */
void holder_text(char *buf, size_t len, const struct holder *h, size_t n)
{
	size_t used = 0, i;
	int w;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		w = snprintf(buf + used, len - used, "%s%s pid %d", i ? ", " : "",
			     h[i].comm, h[i].pid);
		if (w < 0 || (size_t)w >= len - used) {
			buf[used] = '\0';
			return;
		}
		used += (size_t)w;
	}
}
