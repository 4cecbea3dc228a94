// SPDX-License-Identifier: GPL-2.0
/*
 * "vfctl pf": list and show Intel 82576 PFs, move a port between its stock
 * driver and vfmgr, and set the number of VFs of a vfmgr port and the
 * driver they are bound to.
 *
 * vfmgr's ID table matches only through driver_override, so it never takes
 * a port from igb on its own. claim and release set or clear the override
 * for this boot only, rebind the device, and check where it really ended up:
 * a write to drivers_probe succeeds even when no driver binds.
 */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <linux/vfmgr.h>

#include "answer.h"
#include "family-gen.h"
#include "family.h"
#include "genl.h"
#include "holder.h"
#include "json.h"
#include "pci.h"
#include "pfinfo.h"
#include "sysfs.h"
#include "vfctl.h"

extern char **environ;

static void count_text(int val, char *buf, size_t len)
{
	if (val < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d", val);
}

/* Whether the vfmgr PCI driver is registered (its module is loaded). */
static bool vfmgr_loaded(void)
{
	char path[PATH_MAX];

	return !sysfs_path(path, sizeof(path), "bus/pci/drivers/%s", VFMGR_DRIVER) &&
	       sysfs_exists(path);
}

struct list_ctx {
	struct json_writer *jw;
	bool header_done;
	int ports;
};

static int list_one(struct pci_dev_info *pf, void *arg)
{
	struct list_ctx *ctx = arg;
	char netdev[128], numvfs[16], totalvfs[16];

	ctx->ports++;
	if (ctx->jw) {
		json_object_begin(ctx->jw);
		json_kv_string(ctx->jw, "pci", pf->addr);
		pci_json_driver_netdev(ctx->jw, pf);
		pci_json_count(ctx->jw, "numvfs", pf->numvfs);
		pci_json_count(ctx->jw, "totalvfs", pf->totalvfs);
		json_object_end(ctx->jw);
		return VFCTL_OK;
	}

	if (!ctx->header_done) {
		printf("%-12s  %-10s  %-16s  %s\n", "PCI", "DRIVER", "NETDEV", "VFS");
		ctx->header_done = true;
	}
	pci_netdev_text(pf, netdev, sizeof(netdev));
	count_text(pf->numvfs, numvfs, sizeof(numvfs));
	count_text(pf->totalvfs, totalvfs, sizeof(totalvfs));
	printf("%-12s  %-10s  %-16s  %s/%s\n", pf->addr,
	       pf->driver[0] ? pf->driver : "-", netdev, numvfs, totalvfs);
	return VFCTL_OK;
}

int pf_list(int argc __maybe_unused, char **argv __maybe_unused)
{
	struct list_ctx ctx = { 0 };
	struct json_writer jw;
	int ret;

	if (vfctl_opts.json) {
		json_init(&jw, stdout, vfctl_opts.pretty);
		json_array_begin(&jw);
		ctx.jw = &jw;
	}
	ret = pci_for_each_pf(list_one, &ctx);
	if (ctx.jw) {
		json_array_end(&jw);
		json_finish(&jw);
	}
	if (ret)
		return ret;
	if (!ctx.ports && !ctx.jw)
		fprintf(stderr, "vfctl: no Intel 82576 port (%04x:%04x) on this machine\n",
			PCI_VENDOR_INTEL, PCI_DEVICE_82576);
	/* The ports are listed from sysfs, whoever drives them. */
	if (!vfmgr_loaded()) {
		vfctl_err("vfmgr module not loaded: no port is managed by it (modprobe vfmgr)");
		return VFCTL_FAIL;
	}
	return VFCTL_OK;
}

/* One pf-get reply into *pf; -EPROTO if it is not a well-formed one. */
static int pf_parse(struct nl_msg *msg, struct pf_info *pf)
{
	struct nlattr *tb[VFMGR_A_PF_MAX + 1];
	int attr;

	memset(pf, 0, sizeof(*pf));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, VFMGR_A_PF_MAX, vfmgr_pf_policy) < 0)
		return -EPROTO;
	for (attr = 1; attr <= VFMGR_A_PF_MAX; attr++)
		if (tb[attr])
			pf->have |= PF_HAVE(attr);
	if (tb[VFMGR_A_PF_PCI])
		nla_strlcpy(pf->pci, tb[VFMGR_A_PF_PCI], sizeof(pf->pci));
	if (tb[VFMGR_A_PF_IFINDEX])
		pf->ifindex = nla_get_u32(tb[VFMGR_A_PF_IFINDEX]);
	if (tb[VFMGR_A_PF_IFNAME])
		nla_strlcpy(pf->ifname, tb[VFMGR_A_PF_IFNAME], sizeof(pf->ifname));
	if (tb[VFMGR_A_PF_NUM_VFS])
		pf->num_vfs = nla_get_u32(tb[VFMGR_A_PF_NUM_VFS]);
	if (tb[VFMGR_A_PF_TOTAL_VFS])
		pf->total_vfs = nla_get_u32(tb[VFMGR_A_PF_TOTAL_VFS]);
	if (tb[VFMGR_A_PF_LINK_UP])
		pf->link_up = nla_get_u8(tb[VFMGR_A_PF_LINK_UP]);
	if (tb[VFMGR_A_PF_LINK_SPEED])
		pf->link_speed = nla_get_u32(tb[VFMGR_A_PF_LINK_SPEED]);
	if (tb[VFMGR_A_PF_VF_DRIVER])
		pf->vf_driver = nla_get_u32(tb[VFMGR_A_PF_VF_DRIVER]);
	if (tb[VFMGR_A_PF_MBX_REQUESTS])
		pf->mbx_requests = nla_get_u64(tb[VFMGR_A_PF_MBX_REQUESTS]);
	if (tb[VFMGR_A_PF_MBX_REFUSED])
		pf->mbx_refused = nla_get_u64(tb[VFMGR_A_PF_MBX_REFUSED]);
	if (tb[VFMGR_A_PF_VF_RESETS])
		pf->vf_resets = nla_get_u64(tb[VFMGR_A_PF_VF_RESETS]);
	if (tb[VFMGR_A_PF_VF_VLAN_QUOTA])
		pf->vf_vlan_quota = nla_get_u32(tb[VFMGR_A_PF_VF_VLAN_QUOTA]);
	if (tb[VFMGR_A_PF_VF_MAC_QUOTA])
		pf->vf_mac_quota = nla_get_u32(tb[VFMGR_A_PF_VF_MAC_QUOTA]);
	if (tb[VFMGR_A_PF_VF_MBX_RATE])
		pf->vf_mbx_rate = nla_get_u32(tb[VFMGR_A_PF_VF_MBX_RATE]);
	return 0;
}

int pf_reply(struct nl_msg *msg, void *arg)
{
	struct pf_replies *r = arg;
	struct pf_info *pfs;

	pfs = array_grow(r->pfs, r->n, &r->cap, 8, sizeof(*pfs));
	if (!pfs)
		return -ENOMEM;
	r->pfs = pfs;
	if (pf_parse(msg, &r->pfs[r->n]))
		return -EPROTO;
	r->n++;
	return 0;
}

/*
 * Fills *info (have stays 0) when vfmgr can tell about the PF. That it
 * cannot is no error for pf show, which then prints what sysfs has: the
 * module is not loaded, another driver has the PF, or the caller lacks
 * CAP_NET_ADMIN.
 */
static int pf_nl_get(const char *addr, struct pf_info *info)
{
	struct pf_replies r = { 0 };
	struct vfctl_genl *g;
	struct nl_msg *msg;
	int err;

	memset(info, 0, sizeof(*info));
	err = genl_shared(&g);
	if (err == -ENOENT)
		return VFCTL_OK;
	if (err) {
		vfctl_err("pf show: cannot reach the %s generic netlink family: %s",
			  VFCTL_GENL_FAMILY, strerror(-err));
		return VFCTL_FAIL;
	}
	msg = genl_msg_new(g->family, VFMGR_FAMILY_VERSION, VFMGR_CMD_PF_GET, 0);
	if (msg && nla_put_string(msg, VFMGR_A_PF_PCI, addr) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	err = msg ? genl_request(g, msg, pf_reply, &r) : -ENOMEM;
	if (!err && r.n != 1)
		err = -EPROTO;
	if (!err)
		*info = r.pfs[0];
	free(r.pfs);
	if (err == -ENODEV || err == -EPERM)
		return VFCTL_OK;
	return answer(g, err, "pf show", vfmgr_pf_attr_names,
		      ARRAY_SIZE(vfmgr_pf_attr_names));
}

int pf_show(int argc __maybe_unused, char **argv)
{
	char netdev[128], buf[16];
	struct pci_dev_info pf;
	struct json_writer jw;
	struct pf_info nl;
	int ret;

	ret = pci_pf_get(argv[0], &pf);
	if (ret)
		return ret;
	ret = pf_nl_get(pf.addr, &nl);
	if (ret)
		goto out;
	/* The driver's own counts, where it gave them. */
	if (nl.have & PF_HAVE(VFMGR_A_PF_NUM_VFS))
		pf.numvfs = (int)nl.num_vfs;
	if (nl.have & PF_HAVE(VFMGR_A_PF_TOTAL_VFS))
		pf.totalvfs = (int)nl.total_vfs;

	if (vfctl_opts.json) {
		/* An array of one, like "ip -j link show dev X". */
		json_init(&jw, stdout, vfctl_opts.pretty);
		json_array_begin(&jw);
		json_object_begin(&jw);
		json_kv_string(&jw, "pci", pf.addr);
		snprintf(buf, sizeof(buf), "%04x", pf.vendor);
		json_kv_string(&jw, "vendor", buf);
		snprintf(buf, sizeof(buf), "%04x", pf.device);
		json_kv_string(&jw, "device", buf);
		pci_json_driver_netdev(&jw, &pf);
		pci_json_count(&jw, "numvfs", pf.numvfs);
		pci_json_count(&jw, "totalvfs", pf.totalvfs);
		pci_json_count(&jw, "iommu_group", pf.iommu_group);
		pf_info_json(&jw, &nl);
		json_object_end(&jw);
		json_array_end(&jw);
		json_finish(&jw);
		goto out;
	}

	pci_netdev_text(&pf, netdev, sizeof(netdev));
	printf("pci          %s\n", pf.addr);
	printf("vendor       %04x\n", pf.vendor);
	printf("device       %04x\n", pf.device);
	printf("driver       %s\n", pf.driver[0] ? pf.driver : "-");
	printf("netdev       %s\n", netdev);
	count_text(pf.numvfs, buf, sizeof(buf));
	printf("numvfs       %s\n", buf);
	count_text(pf.totalvfs, buf, sizeof(buf));
	printf("totalvfs     %s\n", buf);
	if (pf.iommu_group >= 0)
		printf("iommu_group  %d\n", pf.iommu_group);
	pf_info_text(stdout, &nl);
out:
	pci_dev_free(&pf);
	return ret;
}

/*
 * One PF_SET request: the kernel sets the driver before it changes the
 * number of VFs, so the new VFs appear already bound to it. The limits
 * on what VFs may ask go in the same request.
 */
int pf_set(int argc, char **argv)
{
	char why[PF_SET_WHY_LEN], addr[PCI_ADDR_STRLEN];
	struct vfctl_genl *g;
	struct pf_set req;
	struct nl_msg *msg;
	int ret, err;

	/* Every word is checked before anything is looked up or sent. */
	if (pf_set_parse(argc - 1, argv + 1, &req, why, sizeof(why))) {
		vfctl_err("%s", why);
		return VFCTL_USAGE;
	}
	ret = pci_pf_resolve(argv[0], addr);
	if (!ret)
		ret = answer_family(&g, "pf set");
	if (ret)
		return ret;

	msg = genl_msg_new(g->family, VFMGR_FAMILY_VERSION, VFMGR_CMD_PF_SET, 0);
	if (msg &&
	    (nla_put_string(msg, VFMGR_A_PF_PCI, addr) < 0 ||
	     ((req.fields & PF_SET_VF_DRIVER) &&
	      nla_put_u32(msg, VFMGR_A_PF_VF_DRIVER, req.vf_driver) < 0) ||
	     ((req.fields & PF_SET_NUM_VFS) &&
	      nla_put_u32(msg, VFMGR_A_PF_NUM_VFS, req.num_vfs) < 0) ||
	     ((req.fields & PF_SET_VF_VLAN_QUOTA) &&
	      nla_put_u32(msg, VFMGR_A_PF_VF_VLAN_QUOTA, req.vf_vlan_quota) < 0) ||
	     ((req.fields & PF_SET_VF_MAC_QUOTA) &&
	      nla_put_u32(msg, VFMGR_A_PF_VF_MAC_QUOTA, req.vf_mac_quota) < 0) ||
	     ((req.fields & PF_SET_VF_MBX_RATE) &&
	      nla_put_u32(msg, VFMGR_A_PF_VF_MBX_RATE, req.vf_mbx_rate) < 0))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	err = msg ? genl_request(g, msg, NULL, NULL) : -ENOMEM;
	return answer(g, err, "pf set", vfmgr_pf_attr_names,
		      ARRAY_SIZE(vfmgr_pf_attr_names));
}

/* What claim and release print on success: where the device ended up. */
static void print_driver(const char *addr, const char *what, const char *driver)
{
	struct json_writer jw;

	if (vfctl_opts.json) {
		json_init(&jw, stdout, vfctl_opts.pretty);
		json_object_begin(&jw);
		json_kv_string(&jw, "pci", addr);
		if (driver[0])
			json_kv_string(&jw, "driver", driver);
		else
			json_kv_null(&jw, "driver");
		json_object_end(&jw);
		json_finish(&jw);
	} else if (driver[0]) {
		printf("%s: %s, bound to %s\n", addr, what, driver);
	} else {
		printf("%s: %s, no driver bound\n", addr, what);
	}
}

static int modprobe_vfmgr(void)
{
	char *const args[] = { "modprobe", "-q", VFMGR_DRIVER, NULL };
	int status;
	pid_t pid;

	if (posix_spawnp(&pid, "modprobe", NULL, NULL, args, environ))
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

/*
 * The driver must be registered before the override is written, or the
 * device would be left unbound with nothing to take it. Loading it is tried
 * once; a test tree (VFCTL_SYSFS) never loads anything.
 */
static int vfmgr_ready(void)
{
	if (vfmgr_loaded())
		return VFCTL_OK;
	if (sysfs_is_real() && !modprobe_vfmgr() && vfmgr_loaded())
		return VFCTL_OK;
	vfctl_err("vfmgr module is not loaded");
	return VFCTL_FAIL;
}

/* Asks the PCI core to find a driver for the device (drivers_probe). */
static int probe(const char *addr)
{
	char path[PATH_MAX];
	int err;

	err = sysfs_path(path, sizeof(path), "bus/pci/drivers_probe");
	if (!err)
		err = sysfs_write(path, addr);
	if (err)
		pci_dev_err(addr, "write", path, err);
	return err;
}

/*
 * sysfs shows an unset override as "(null)"; writing a lone newline is how
 * it is cleared again.
 */
static const char *override_value(const char *old)
{
	return !old[0] || !strcmp(old, "(null)") ? "\n" : old;
}

/* Undo a failed claim: old override back, old driver back if it let go. */
static void claim_undo(const char *addr, const char *old_override,
		       const char *old_driver)
{
	char driver[NAME_MAX + 1];

	if (pci_attr_write(addr, "driver_override", override_value(old_override)))
		return;
	if (pci_dev_driver(addr, driver, sizeof(driver)))
		return;
	if (!driver[0] && old_driver[0] && probe(addr))
		return;
	if (pci_dev_driver(addr, driver, sizeof(driver)))
		return;
	if (driver[0])
		vfctl_err("%s: driver_override restored, device is bound to %s",
			  addr, driver);
	else
		vfctl_err("%s: driver_override restored, no driver bound", addr);
}

int pf_claim(int argc __maybe_unused, char **argv)
{
	char old[NAME_MAX + 2], driver[NAME_MAX + 1];
	struct pci_dev_info pf;
	int ret;

	ret = pci_pf_get(argv[0], &pf);
	if (ret)
		return ret;

	if (!strcmp(pf.driver, VFMGR_DRIVER)) {
		print_driver(pf.addr, "already claimed", pf.driver);
		goto out;
	}
	/* Unbinding igb with VFs enabled would pull them from under their users. */
	if (pf.numvfs > 0) {
		vfctl_err("%s: %d VFs are enabled under %s; set sriov_numvfs to 0 first",
			  pf.addr, pf.numvfs, pf.driver[0] ? pf.driver : "no driver");
		ret = VFCTL_FAIL;
		goto out;
	}
	ret = vfmgr_ready();
	if (ret)
		goto out;

	ret = VFCTL_FAIL;
	if (pci_attr_read(pf.addr, "driver_override", old, sizeof(old), false))
		goto out;
	if (pci_attr_write(pf.addr, "driver_override", VFMGR_DRIVER))
		goto out;
	if (pf.driver[0] && pci_attr_write(pf.addr, "driver/unbind", pf.addr))
		goto undo;
	if (probe(pf.addr) || pci_dev_driver(pf.addr, driver, sizeof(driver)))
		goto undo;
	if (strcmp(driver, VFMGR_DRIVER)) {
		vfctl_err("%s: vfmgr did not bind (see the kernel log)", pf.addr);
		goto undo;
	}
	print_driver(pf.addr, "claimed", driver);
	ret = VFCTL_OK;
	goto out;

undo:
	claim_undo(pf.addr, old, pf.driver);
out:
	pci_dev_free(&pf);
	return ret;
}

/*
 * Release refuses while VFs exist; when a VFIO user holds one of them, say
 * which VF and who, as the kernel's own refusals do. Returns whether it
 * said so.
 */
static bool release_busy_vf(const struct pci_dev_info *pf)
{
	char held[256];
	struct holder *h;
	size_t n;
	int vf;

	for (vf = 0; vf < pf->numvfs; vf++) {
		if (holder_find_pf_vf(pf->addr, (uint32_t)vf, &h, &n))
			continue;
		if (n) {
			holder_text(held, sizeof(held), h, n);
			vfctl_err("%s: VF %d is in use through VFIO (held by %s); stop its user first",
				  pf->addr, vf, held);
		}
		free(h);
		if (n)
			return true;
	}
	return false;
}

int pf_release(int argc __maybe_unused, char **argv)
{
	char driver[NAME_MAX + 1];
	struct pci_dev_info pf;
	int ret;

	ret = pci_pf_get(argv[0], &pf);
	if (ret)
		return ret;

	ret = VFCTL_FAIL;
	if (strcmp(pf.driver, VFMGR_DRIVER)) {
		vfctl_err("%s: not bound to vfmgr (driver: %s)", pf.addr,
			  pf.driver[0] ? pf.driver : "none");
		goto out;
	}
	/* Removing the PF tears its VFs down, guests or not; make that explicit. */
	if (pf.numvfs > 0) {
		if (!release_busy_vf(&pf))
			vfctl_err("%s: %d VFs are enabled; set sriov_numvfs to 0 first",
				  pf.addr, pf.numvfs);
		goto out;
	}
	if (pci_attr_write(pf.addr, "driver_override", "\n") ||
	    pci_attr_write(pf.addr, "driver/unbind", pf.addr) || probe(pf.addr) ||
	    pci_dev_driver(pf.addr, driver, sizeof(driver)))
		goto out;
	if (!strcmp(driver, VFMGR_DRIVER)) {
		vfctl_err("%s: still bound to vfmgr after unbind", pf.addr);
		goto out;
	}
	print_driver(pf.addr, "released", driver);
	ret = VFCTL_OK;
out:
	pci_dev_free(&pf);
	return ret;
}
