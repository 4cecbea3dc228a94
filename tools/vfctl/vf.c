// SPDX-License-Identifier: GPL-2.0
/*
 * "vfctl vf": the VFs of vfmgr's PFs through the vfmgr generic netlink
 * family: list and show them with their configuration, handshake state and
 * counters, change their configuration or set it back to the defaults,
 * reset them, and bind them to a driver.
 *
 * Without the family (module not loaded) "vf list" falls back to what sysfs
 * links (virtfnN): addresses, drivers, network interfaces, IOMMU groups.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfmgr.h>

#include "answer.h"
#include "family-gen.h"
#include "family.h"
#include "genl.h"
#include "json.h"
#include "pci.h"
#include "pfinfo.h"
#include "vfctl.h"
#include "vfinfo.h"
#include "vfset.h"
#include "words.h"

/* ---- sysfs listing, for when the module is not loaded ---- */

struct vf_list_ctx {
	struct json_writer *jw;
	bool header_done;
};

static void vf_print(struct vf_list_ctx *ctx, const struct pci_dev_info *pf,
		     int index, const struct pci_dev_info *vf)
{
	char netdev[128], group[16] = "-";

	if (ctx->jw) {
		json_object_begin(ctx->jw);
		json_kv_string(ctx->jw, "pf", pf->addr);
		json_kv_uint(ctx->jw, "vf", (unsigned int)index);
		json_kv_string(ctx->jw, "pci", vf->addr);
		pci_json_driver_netdev(ctx->jw, vf);
		pci_json_count(ctx->jw, "iommu_group", vf->iommu_group);
		json_object_end(ctx->jw);
		return;
	}

	if (!ctx->header_done) {
		printf("%-12s  %-3s  %-12s  %-10s  %-16s  %s\n", "PF", "VF", "PCI",
		       "DRIVER", "NETDEV", "IOMMU");
		ctx->header_done = true;
	}
	pci_netdev_text(vf, netdev, sizeof(netdev));
	if (vf->iommu_group >= 0)
		snprintf(group, sizeof(group), "%d", vf->iommu_group);
	printf("%-12s  %-3d  %-12s  %-10s  %-16s  %s\n", pf->addr, index, vf->addr,
	       vf->driver[0] ? vf->driver : "-", netdev, group);
}

static int pf_vfs(struct pci_dev_info *pf, void *arg)
{
	char link[sizeof("virtfn") + 11], addr[NAME_MAX + 1];
	struct pci_dev_info vf;
	int i, ret;

	for (i = 0; i < pf->numvfs; i++) {
		snprintf(link, sizeof(link), "virtfn%d", i);
		if (pci_attr_link(pf->addr, link, addr, sizeof(addr)))
			return VFCTL_FAIL;
		/* numvfs and the links are updated apart; a VF may be mid-removal. */
		if (!addr[0])
			continue;
		ret = pci_dev_read(addr, &vf);
		if (!ret)
			vf_print(arg, pf, i, &vf);
		pci_dev_free(&vf);
		if (ret)
			return ret;
	}
	return VFCTL_OK;
}

static int vf_list_sysfs(const char *pf_arg)
{
	struct vf_list_ctx ctx = { 0 };
	struct pci_dev_info pf;
	struct json_writer jw;
	int ret;

	if (vfctl_opts.json) {
		json_init(&jw, stdout, vfctl_opts.pretty);
		ctx.jw = &jw;
	}
	if (pf_arg) {
		ret = pci_pf_get(pf_arg, &pf);
		if (ret)
			return ret;
	}

	if (ctx.jw)
		json_array_begin(&jw);
	if (pf_arg) {
		ret = pf_vfs(&pf, &ctx);
		pci_dev_free(&pf);
	} else {
		ret = pci_for_each_pf(pf_vfs, &ctx);
	}
	if (ctx.jw) {
		json_array_end(&jw);
		json_finish(&jw);
	}
	return ret;
}

/* ---- the vfmgr family ---- */

/* One vf-get reply into *vf; -EPROTO if it is not a well-formed one. */
static int vf_parse(struct nl_msg *msg, struct vf_info *vf)
{
	struct nlattr *tb[VFMGR_A_VF_MAX + 1], *a;
	int attr;

	memset(vf, 0, sizeof(*vf));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, VFMGR_A_VF_MAX, vfmgr_vf_policy) < 0 ||
	    !tb[VFMGR_A_VF_PF_PCI] || !tb[VFMGR_A_VF_ID])
		return -EPROTO;

	for (attr = 1; attr <= VFMGR_A_VF_MAX; attr++) {
		a = tb[attr];
		if (!a)
			continue;
		vf->have |= VF_HAVE(attr);
		switch (attr) {
		case VFMGR_A_VF_PF_PCI:
			nla_strlcpy(vf->pf_pci, a, sizeof(vf->pf_pci));
			break;
		case VFMGR_A_VF_ID:
			vf->id = nla_get_u32(a);
			break;
		case VFMGR_A_VF_PCI:
			nla_strlcpy(vf->pci, a, sizeof(vf->pci));
			break;
		case VFMGR_A_VF_MAC:
			memcpy(vf->mac, nla_data(a), MAC_LEN);
			break;
		case VFMGR_A_VF_CUR_MAC:
			memcpy(vf->cur_mac, nla_data(a), MAC_LEN);
			break;
		case VFMGR_A_VF_VLAN:
			vf->vlan = nla_get_u16(a);
			break;
		case VFMGR_A_VF_QOS:
			vf->qos = nla_get_u8(a);
			break;
		case VFMGR_A_VF_SPOOFCHK:
			vf->spoofchk = nla_get_u8(a);
			break;
		case VFMGR_A_VF_TRUST:
			vf->trust = nla_get_u8(a);
			break;
		case VFMGR_A_VF_LINK_STATE:
			vf->link_state = nla_get_u32(a);
			break;
		case VFMGR_A_VF_MAX_TX_RATE:
			vf->max_tx_rate = nla_get_u32(a);
			break;
		case VFMGR_A_VF_MAX_FRAME:
			vf->max_frame = nla_get_u32(a);
			break;
		case VFMGR_A_VF_CTS:
			vf->cts = nla_get_u8(a);
			break;
		case VFMGR_A_VF_DRIVER:
			nla_strlcpy(vf->driver, a, sizeof(vf->driver));
			break;
		case VFMGR_A_VF_MBX_REQUESTS:
			vf->mbx_requests = nla_get_u64(a);
			break;
		case VFMGR_A_VF_MBX_ACCEPTED:
			vf->mbx_accepted = nla_get_u64(a);
			break;
		case VFMGR_A_VF_MBX_REFUSED:
			vf->mbx_refused = nla_get_u64(a);
			break;
		case VFMGR_A_VF_RESETS:
			vf->resets = nla_get_u64(a);
			break;
		case VFMGR_A_VF_RX_PACKETS:
			vf->rx_packets = nla_get_u64(a);
			break;
		case VFMGR_A_VF_TX_PACKETS:
			vf->tx_packets = nla_get_u64(a);
			break;
		case VFMGR_A_VF_RX_BYTES:
			vf->rx_bytes = nla_get_u64(a);
			break;
		case VFMGR_A_VF_TX_BYTES:
			vf->tx_bytes = nla_get_u64(a);
			break;
		case VFMGR_A_VF_MULTICAST:
			vf->multicast = nla_get_u64(a);
			break;
		case VFMGR_A_VF_IOMMU_GROUP:
			vf->iommu_group = nla_get_u32(a);
			break;
		case VFMGR_A_VF_VF_DRIVER:
			vf->vf_driver = nla_get_u32(a);
			break;
		case VFMGR_A_VF_IOMMU_VIABLE:
			vf->iommu_viable = nla_get_u8(a);
			break;
		case VFMGR_A_VF_IOMMU_BLOCKER:
			nla_strlcpy(vf->iommu_blocker, a, sizeof(vf->iommu_blocker));
			break;
		case VFMGR_A_VF_IN_USE:
			vf->in_use = nla_get_u8(a);
			break;
		case VFMGR_A_VF_BUSY:
			vf->busy = nla_get_u8(a);
			break;
		case VFMGR_A_VF_QUARANTINED:
			vf->quarantined = nla_get_u8(a);
			break;
		case VFMGR_A_VF_QUARANTINES:
			vf->quarantines = nla_get_u64(a);
			break;
		case VFMGR_A_VF_MBX_IGNORED:
			vf->mbx_ignored = nla_get_u64(a);
			break;
		case VFMGR_A_VF_VLANS:
			vf->vlans = nla_get_u32(a);
			break;
		case VFMGR_A_VF_MAC_FILTERS:
			vf->mac_filters = nla_get_u32(a);
			break;
		}
	}
	return 0;
}

int vf_reply(struct nl_msg *msg, void *arg)
{
	struct vf_replies *r = arg;
	struct vf_info *vfs;

	vfs = array_grow(r->vfs, r->n, &r->cap, 16, sizeof(*vfs));
	if (!vfs)
		return -ENOMEM;
	r->vfs = vfs;
	if (vf_parse(msg, &r->vfs[r->n]))
		return -EPROTO;
	r->n++;
	return 0;
}

/* A request naming a PF (if any) and a VF (if id). */
struct nl_msg *vf_msg(const struct vfctl_genl *g, uint8_t cmd, int flags,
			     const char *pf, const uint32_t *id)
{
	struct nl_msg *msg = genl_msg_new(g->family, VFMGR_FAMILY_VERSION, cmd, flags);

	if (!msg)
		return NULL;
	if ((pf && nla_put_string(msg, VFMGR_A_VF_PF_PCI, pf) < 0) ||
	    (id && nla_put_u32(msg, VFMGR_A_VF_ID, *id) < 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int vf_id_arg(const char *arg, uint32_t *id)
{
	if (!vf_id_parse(arg, id))
		return VFCTL_OK;
	vfctl_err("invalid VF \"%s\" (expected a number from 0 to %u)", arg,
		  VF_ID_MAX);
	return VFCTL_USAGE;
}

/*
 * "PF VF": the VF's number checked first, then the PF looked up, then the
 * family reached, which what names in its errors.
 */
static int pf_vf_open(char **argv, const char *what, char pf[PCI_ADDR_STRLEN],
		      uint32_t *id, struct vfctl_genl **g)
{
	int ret = vf_id_arg(argv[1], id);

	if (!ret)
		ret = pci_pf_resolve(argv[0], pf);
	if (!ret)
		ret = answer_family(g, what);
	return ret;
}

/* Prints the VFs, sorted, as "vf list" or "vf show" does. */
static void vf_output(struct vf_replies *r, bool table)
{
	struct json_writer jw;
	size_t i;

	qsort(r->vfs, r->n, sizeof(*r->vfs), vf_info_cmp);
	if (vfctl_opts.json) {
		json_init(&jw, stdout, vfctl_opts.pretty);
		json_array_begin(&jw);
		for (i = 0; i < r->n; i++)
			vf_info_json(&jw, &r->vfs[i]);
		json_array_end(&jw);
		json_finish(&jw);
		return;
	}
	if (table && r->n)
		vf_info_list_header(stdout);
	for (i = 0; i < r->n; i++) {
		if (table)
			vf_info_list_line(stdout, &r->vfs[i]);
		else
			vf_info_text(stdout, &r->vfs[i]);
	}
}

int vf_show(int argc __maybe_unused, char **argv)
{
	struct vf_replies r = { 0 };
	char pf[PCI_ADDR_STRLEN];
	struct vfctl_genl *g;
	struct nl_msg *msg;
	uint32_t id;
	int ret, err;

	ret = pf_vf_open(argv, "vf show", pf, &id, &g);
	if (ret)
		return ret;

	msg = vf_msg(g, VFMGR_CMD_VF_GET, 0, pf, &id);
	err = msg ? genl_request(g, msg, vf_reply, &r) : -ENOMEM;
	if (!err && r.n != 1)
		err = -EPROTO;
	ret = answer(g, err, "vf show", vfmgr_vf_attr_names,
		     ARRAY_SIZE(vfmgr_vf_attr_names));
	if (!ret)
		vf_output(&r, false);
	free(r.vfs);
	return ret;
}

int vf_list(int argc, char **argv)
{
	struct vf_replies r = { 0 };
	char pf[PCI_ADDR_STRLEN];
	struct vfctl_genl *g;
	struct nl_msg *msg;
	int ret, err, tries;

	if (argc) {
		ret = pci_pf_resolve(argv[0], pf);
		if (ret)
			return ret;
	}
	err = genl_shared(&g);
	if (err == -ENOENT) {
		vfctl_err("vfmgr module not loaded; listing from sysfs");
		return vf_list_sysfs(argc ? argv[0] : NULL);
	}
	if (err) {
		vfctl_err("vf list: cannot reach the %s generic netlink family: %s",
			  VFCTL_GENL_FAMILY, strerror(-err));
		return VFCTL_FAIL;
	}

	for (tries = 0; tries < DUMP_TRIES; tries++) {
		r.n = 0;
		msg = vf_msg(g, VFMGR_CMD_VF_GET, NLM_F_DUMP, argc ? pf : NULL, NULL);
		err = msg ? genl_request(g, msg, vf_reply, &r) : -ENOMEM;
		if (err != GENL_DUMP_INTR)
			break;
	}
	ret = answer(g, err, "vf list", vfmgr_vf_attr_names,
		     ARRAY_SIZE(vfmgr_vf_attr_names));
	if (!ret)
		vf_output(&r, true);
	free(r.vfs);
	return ret;
}

/* "PF VF" for a request that carries nothing else: vf-clear, vf-reset. */
static int vf_request(char **argv, uint8_t cmd, const char *what)
{
	char pf[PCI_ADDR_STRLEN];
	struct vfctl_genl *g;
	struct nl_msg *msg;
	uint32_t id;
	int ret, err;

	ret = pf_vf_open(argv, what, pf, &id, &g);
	if (ret)
		return ret;

	msg = vf_msg(g, cmd, 0, pf, &id);
	err = msg ? genl_request(g, msg, NULL, NULL) : -ENOMEM;
	return answer(g, err, what, vfmgr_vf_attr_names,
		      ARRAY_SIZE(vfmgr_vf_attr_names));
}

/* One VF_SET request with every setting in *req: all applied, or none. */
static int vf_apply(char **argv, const struct vf_set *req)
{
	char pf[PCI_ADDR_STRLEN];
	struct vfctl_genl *g;
	struct nl_msg *msg;
	uint32_t id;
	int ret, err = -ENOMEM;

	ret = pf_vf_open(argv, "vf set", pf, &id, &g);
	if (ret)
		return ret;

	msg = vf_msg(g, VFMGR_CMD_VF_SET, 0, pf, &id);
	if (!msg)
		goto out;
	if (((req->fields & VF_SET_MAC) &&
	     nla_put(msg, VFMGR_A_VF_MAC, MAC_LEN, req->mac) < 0) ||
	    ((req->fields & VF_SET_VLAN) &&
	     nla_put_u16(msg, VFMGR_A_VF_VLAN, req->vlan) < 0) ||
	    ((req->fields & VF_SET_QOS) &&
	     nla_put_u8(msg, VFMGR_A_VF_QOS, req->qos) < 0) ||
	    ((req->fields & VF_SET_SPOOFCHK) &&
	     nla_put_u8(msg, VFMGR_A_VF_SPOOFCHK, req->spoofchk) < 0) ||
	    ((req->fields & VF_SET_TRUST) &&
	     nla_put_u8(msg, VFMGR_A_VF_TRUST, req->trust) < 0) ||
	    ((req->fields & VF_SET_LINK_STATE) &&
	     nla_put_u32(msg, VFMGR_A_VF_LINK_STATE, req->link_state) < 0) ||
	    ((req->fields & VF_SET_MAX_TX_RATE) &&
	     nla_put_u32(msg, VFMGR_A_VF_MAX_TX_RATE, req->max_tx_rate) < 0) ||
	    ((req->fields & VF_SET_MAX_FRAME) &&
	     nla_put_u32(msg, VFMGR_A_VF_MAX_FRAME, req->max_frame) < 0)) {
		nlmsg_free(msg);
		err = -EMSGSIZE;
		goto out;
	}
	err = genl_request(g, msg, NULL, NULL);
out:
	return answer(g, err, "vf set", vfmgr_vf_attr_names,
		      ARRAY_SIZE(vfmgr_vf_attr_names));
}

int vf_set(int argc, char **argv)
{
	char why[VF_SET_WHY_LEN];
	struct vf_set req;
	uint32_t id;

	/* Every word is checked before anything is looked up or sent. */
	if (vf_id_arg(argv[1], &id))
		return VFCTL_USAGE;
	if (vf_set_parse(argc - 2, argv + 2, &req, why, sizeof(why))) {
		vfctl_err("%s", why);
		return VFCTL_USAGE;
	}
	return vf_apply(argv, &req);
}

/* The kernel knows the defaults; vfctl only names the VF. */
int vf_clear(int argc __maybe_unused, char **argv)
{
	return vf_request(argv, VFMGR_CMD_VF_CLEAR, "vf clear");
}

/* A function level reset; the kernel applies the VF's settings again. */
int vf_reset(int argc __maybe_unused, char **argv)
{
	return vf_request(argv, VFMGR_CMD_VF_RESET, "vf reset");
}

/*
 * Binds the VF now, through the kernel, which remembers the choice for the
 * VF's index; the driver word is checked before anything is looked up.
 */
int vf_bind(int argc __maybe_unused, char **argv)
{
	char pf[PCI_ADDR_STRLEN];
	struct vfctl_genl *g;
	struct nl_msg *msg;
	uint32_t id, drv;
	int ret, err;

	if (vf_id_arg(argv[1], &id))
		return VFCTL_USAGE;
	if (vf_driver_parse(argv[2], &drv)) {
		vfctl_err("invalid driver \"%s\" (expected " WORDS_DRIVER_EXPECTED ")",
			  argv[2]);
		return VFCTL_USAGE;
	}
	ret = pf_vf_open(argv, "vf bind", pf, &id, &g);
	if (ret)
		return ret;

	msg = vf_msg(g, VFMGR_CMD_VF_BIND, 0, pf, &id);
	if (msg && nla_put_u32(msg, VFMGR_A_VF_VF_DRIVER, drv) < 0) {
		nlmsg_free(msg);
		msg = NULL;
	}
	err = msg ? genl_request(g, msg, NULL, NULL) : -ENOMEM;
	return answer(g, err, "vf bind", vfmgr_vf_attr_names,
		      ARRAY_SIZE(vfmgr_vf_attr_names));
}
