// SPDX-License-Identifier: GPL-2.0
/*
 * "vfctl check PF VF": whether the VF can be handed to a VM, from sysfs
 * (PCI Express type and ACS from config space, IOMMU group and its
 * members, reset methods, driver) and from vf-get (whether the group is
 * viable and whether a VFIO user holds it); assign.c has the verdict and
 * the formats. Exit status 0 when assignable, 1 when not.
 *
 * "vfctl hostdev-xml PF VF [--interface [--mac MAC] [--vlan VID]]": the
 * libvirt XML for the VF, from its PCI address in sysfs alone.
 *
 * Without the vfmgr module check still answers from sysfs, with whether
 * the VF is in use unknown; hostdev-xml does not need it. Unless the VF is
 * known to be free, the processes holding its VFIO files come from /proc.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfmgr.h>

#include "answer.h"
#include "assign.h"
#include "family.h"
#include "genl.h"
#include "holder.h"
#include "json.h"
#include "pci.h"
#include "pcicfg.h"
#include "sysfs.h"
#include "vfctl.h"
#include "vfset.h"

/* "PF VF": VF number checked, PF resolved, the VF's address from virtfnN. */
static int vf_addr(char **argv, char pf[PCI_ADDR_STRLEN], uint32_t *id,
		   char vf[PCI_ADDR_STRLEN])
{
	char link[sizeof("virtfn") + 11], name[NAME_MAX + 1], numvfs[16];
	int ret;

	if (vf_id_parse(argv[1], id)) {
		vfctl_err("invalid VF \"%s\" (expected a number from 0 to %u)", argv[1],
			  VF_ID_MAX);
		return VFCTL_USAGE;
	}
	ret = pci_pf_resolve(argv[0], pf);
	if (ret)
		return ret;
	snprintf(link, sizeof(link), "virtfn%u", *id);
	if (pci_attr_link(pf, link, name, sizeof(name)))
		return VFCTL_FAIL;
	if (!name[0]) {
		if (pci_attr_read(pf, "sriov_numvfs", numvfs, sizeof(numvfs), true))
			vfctl_err("%s: no VF %u (not an SR-IOV PF)", pf, *id);
		else
			vfctl_err("%s: no VF %u (%s enabled)", pf, *id, numvfs);
		return VFCTL_FAIL;
	}
	if (pci_addr_normalise(name, vf, PCI_ADDR_STRLEN)) {
		vfctl_err("%s: %s is \"%s\", not a PCI address", pf, link, name);
		return VFCTL_FAIL;
	}
	return VFCTL_OK;
}

/* ---- check ---- */

/* Config space into buf; its length, or -1 with why set. */
static int cfg_read(const char *addr, uint8_t *buf, char *why, size_t len)
{
	char path[PATH_MAX];
	int n;

	n = pci_dev_path(path, sizeof(path), addr, "config");
	if (!n)
		n = sysfs_read_bin(path, buf, PCICFG_EXT_LEN);
	if (n < 0) {
		snprintf(why, len, "cannot read its config space: %s", strerror(-n));
		return -1;
	}
	return n;
}

/* Why a walk of n bytes of config space ended too soon. */
static void cfg_short(int n, char *why, size_t len)
{
	if (n <= PCICFG_UNPRIV_LEN)
		snprintf(why, len, "reading config space beyond %d bytes needs root",
			 PCICFG_UNPRIV_LEN);
	else
		snprintf(why, len, "config space ends after %d bytes", n);
}

static void check_type(struct vf_check *c)
{
	static uint8_t cfg[PCICFG_EXT_LEN];
	int n = cfg_read(c->pci, cfg, c->cfg_why, sizeof(c->cfg_why));

	if (n < 0)
		return;
	c->header_type = pcicfg_header_type(cfg, (size_t)n);
	c->pcie_type = pcicfg_pcie_type(cfg, (size_t)n);
	if (c->header_type < 0 || c->pcie_type < PCICFG_NOT_PCIE)
		cfg_short(n, c->cfg_why, sizeof(c->cfg_why));
}

/* One bridge above the VF and its ACS. */
static void check_bridge(struct check_bridge *b)
{
	static uint8_t cfg[PCICFG_EXT_LEN];
	uint16_t cap;
	int n, err;

	b->acs = CHECK_UNKNOWN;
	n = cfg_read(b->addr, cfg, b->why, sizeof(b->why));
	if (n < 0)
		return;
	err = pcicfg_acs(cfg, (size_t)n, &cap, &b->acs_ctrl);
	if (!err)
		b->acs = CHECK_YES;
	else if (err == -ENOENT)
		b->acs = CHECK_NO;
	else
		cfg_short(n, b->why, sizeof(b->why));
}

/*
 * The bridges between the VF and its root bus: the PCI devices its sysfs
 * path passes through, nearest first.
 */
static int check_bridges(struct vf_check *c)
{
	char path[PATH_MAX], top[PATH_MAX], *real, *p, *slash;
	struct check_bridge *b;
	struct pci_addr addr;
	size_t cap = 0, top_len;

	if (pci_dev_path(path, sizeof(path), c->pci, NULL) ||
	    sysfs_path(top, sizeof(top), "devices"))
		return VFCTL_FAIL;
	real = realpath(path, NULL);
	if (!real) {
		pci_dev_err(c->pci, "resolve", path, -errno);
		return VFCTL_FAIL;
	}
	/* Only what lies below SYSFS/devices is a device. */
	p = realpath(top, NULL);
	snprintf(top, sizeof(top), "%s", p ? p : "");
	free(p);
	top_len = strlen(top);
	/* The last component is the VF itself. */
	slash = strrchr(real, '/');
	if (slash)
		*slash = '\0';
	while ((slash = strrchr(real, '/')) && (size_t)(slash - real) >= top_len) {
		p = slash + 1;
		if (strchr(p, ':') && !pci_addr_parse(p, &addr)) {
			b = array_grow(c->bridges, c->n_bridges, &cap, 4, sizeof(*b));
			if (!b) {
				free(real);
				vfctl_err("check: %s", strerror(ENOMEM));
				return VFCTL_FAIL;
			}
			c->bridges = b;
			b = &c->bridges[c->n_bridges++];
			memset(b, 0, sizeof(*b));
			snprintf(b->addr, sizeof(b->addr), "%s", p);
			check_bridge(b);
		}
		*slash = '\0';
	}
	free(real);
	return VFCTL_OK;
}

/* The VF's IOMMU group and every device in it with its driver. */
static int check_group(struct vf_check *c)
{
	char name[NAME_MAX + 1], path[PATH_MAX];
	struct dirent **ents;
	unsigned long long v;
	int i, n, err;

	if (pci_attr_link(c->pci, "iommu_group", name, sizeof(name)))
		return VFCTL_FAIL;
	if (!name[0])
		return VFCTL_OK;
	if (uint_parse(name, 0, INT_MAX, &v)) {
		vfctl_err("%s: unexpected iommu_group \"%s\" in sysfs", c->pci, name);
		return VFCTL_FAIL;
	}
	c->iommu_group = (int)v;
	n = sysfs_path(path, sizeof(path), "kernel/iommu_groups/%d/devices", c->iommu_group);
	if (!n)
		n = sysfs_list(path, &ents);
	if (n < 0) {
		vfctl_err("cannot list %s: %s", path, strerror(-n));
		return VFCTL_FAIL;
	}
	c->members = calloc((size_t)n + 1, sizeof(*c->members));
	if (!c->members) {
		sysfs_list_free(ents, n);
		vfctl_err("check: %s", strerror(ENOMEM));
		return VFCTL_FAIL;
	}
	for (i = 0; i < n; i++) {
		struct check_member *m = &c->members[c->n_members++];

		snprintf(m->addr, sizeof(m->addr), "%.*s", CHECK_NAME_LEN - 1,
			 ents[i]->d_name);
		err = sysfs_path(path, sizeof(path), "kernel/iommu_groups/%d/devices/%s/driver",
				 c->iommu_group, ents[i]->d_name);
		if (!err)
			err = sysfs_link_name(path, m->driver, sizeof(m->driver));
		if (err == -ENOENT)
			m->driver[0] = '\0';
		else if (err) {
			vfctl_err("%s: cannot read link %s: %s", m->addr, path, strerror(-err));
			sysfs_list_free(ents, n);
			return VFCTL_FAIL;
		}
	}
	sysfs_list_free(ents, n);
	return VFCTL_OK;
}

/*
 * What vfmgr says: viability (the kernel's own test) and whether a VFIO
 * user holds the VF. Without the module both come from sysfs or stay
 * unknown.
 */
static int check_kernel(struct vf_check *c)
{
	struct vf_replies r = { 0 };
	const struct vf_info *vf;
	struct vfctl_genl *g;
	struct nl_msg *msg;
	int err;

	err = genl_shared(&g);
	if (err == -ENOENT) {
		snprintf(c->in_use_why, sizeof(c->in_use_why), "vfmgr module not loaded");
		return VFCTL_OK;
	}
	if (err) {
		vfctl_err("check: cannot reach the %s generic netlink family: %s",
			  VFCTL_GENL_FAMILY, strerror(-err));
		return VFCTL_FAIL;
	}
	msg = vf_msg(g, VFMGR_CMD_VF_GET, 0, c->pf, &c->vf);
	err = msg ? genl_request(g, msg, vf_reply, &r) : -ENOMEM;
	if (!err && r.n != 1)
		err = -EPROTO;
	if (answer(g, err, "check", NULL, 0)) {
		free(r.vfs);
		return VFCTL_FAIL;
	}
	vf = &r.vfs[0];
	if (vf->have & VF_HAVE(VFMGR_A_VF_IN_USE))
		c->in_use = vf->in_use ? CHECK_YES : CHECK_NO;
	else if (vf->have & VF_HAVE(VFMGR_A_VF_BUSY) && vf->busy)
		snprintf(c->in_use_why, sizeof(c->in_use_why),
			 "the VF is busy: its driver is being unbound");
	else
		snprintf(c->in_use_why, sizeof(c->in_use_why),
			 "the vfmgr module does not report it");
	if (vf->have & VF_HAVE(VFMGR_A_VF_IOMMU_VIABLE) && c->iommu_group >= 0) {
		c->viable = vf->iommu_viable ? CHECK_YES : CHECK_NO;
		snprintf(c->blocker, sizeof(c->blocker), "%s",
			 vf->have & VF_HAVE(VFMGR_A_VF_IOMMU_BLOCKER) ?
			 vf->iommu_blocker : "another device");
	}
	free(r.vfs);
	return VFCTL_OK;
}

static int check_gather(char **argv, struct vf_check *c)
{
	int ret, err;

	ret = vf_addr(argv, c->pf, &c->vf, c->pci);
	if (ret)
		return ret;
	check_type(c);
	ret = check_group(c);
	if (!ret)
		check_viable_from_members(c);
	if (!ret)
		ret = check_bridges(c);
	if (!ret) {
		err = pci_attr_read(c->pci, "reset_method", c->reset, sizeof(c->reset), true);
		if (err == -ENOENT)
			c->reset[0] = '\0';
		else if (err)
			ret = VFCTL_FAIL;
	}
	if (!ret)
		ret = pci_dev_driver(c->pci, c->driver, sizeof(c->driver));
	if (!ret)
		ret = check_kernel(c);
	/* Who holds it is a courtesy: a failed look leaves the list empty. */
	if (!ret && c->in_use != CHECK_NO)
		holder_find_vf(c->pci, &c->holders, &c->n_holders);
	return ret;
}

int check(int argc __maybe_unused, char **argv)
{
	struct vf_check c = {
		.pcie_type = -ERANGE, .header_type = -1, .iommu_group = -1,
		.viable = CHECK_UNKNOWN, .in_use = CHECK_UNKNOWN,
	};
	struct json_writer jw;
	char reason[256];
	int ret;

	ret = check_gather(argv, &c);
	if (!ret) {
		if (vfctl_opts.json) {
			json_init(&jw, stdout, vfctl_opts.pretty);
			check_json(&jw, &c);
			json_finish(&jw);
		} else {
			check_text(stdout, &c);
		}
		ret = check_verdict(&c, reason, sizeof(reason)) ? VFCTL_OK : VFCTL_FAIL;
	}
	free(c.members);
	free(c.bridges);
	free(c.holders);
	return ret;
}

/* ---- hostdev-xml ---- */

int hostdev_xml(int argc, char **argv)
{
	char pf[PCI_ADDR_STRLEN], vf[PCI_ADDR_STRLEN], why[HOSTDEV_WHY_LEN];
	struct hostdev_opts opts;
	struct pci_addr addr;
	uint32_t id;
	int ret;

	/* Every word is checked before anything is looked up. */
	if (vf_id_parse(argv[1], &id)) {
		vfctl_err("invalid VF \"%s\" (expected a number from 0 to %u)", argv[1],
			  VF_ID_MAX);
		return VFCTL_USAGE;
	}
	if (hostdev_parse(argc - 2, argv + 2, &opts, why, sizeof(why))) {
		vfctl_err("hostdev-xml: %s", why);
		return VFCTL_USAGE;
	}
	ret = vf_addr(argv, pf, &id, vf);
	if (ret)
		return ret;
	if (pci_addr_parse(vf, &addr))
		return VFCTL_FAIL;
	hostdev_xml_write(stdout, &addr, &opts);
	return VFCTL_OK;
}
