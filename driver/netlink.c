// SPDX-License-Identifier: GPL-2.0
/*
 * The "vfmgr" generic netlink family: handlers for the operations
 * declared in Documentation/netlink/specs/vfmgr.yaml.  The policies and
 * the ops table are generated (netlink-gen.c); attribute ranges are
 * checked there before a handler runs.  Handlers add the checks that need
 * state, each with an extack message pointing at the attribute.
 *
 * Per-VF settings go through the same vf.c setters as rtnetlink, so the
 * two surfaces edit one configuration.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/iommu.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "vfmgr.h"
#include "netlink-gen.h"

/*
 * PFs that can be reached through the family, and a generation number
 * that changes whenever what a dump would show changes shape (PF added
 * or removed, VFs created or removed), so torn dumps are flagged.
 */
static LIST_HEAD(vfmgr_nl_pfs);
static DEFINE_MUTEX(vfmgr_nl_lock);	/* protects vfmgr_nl_pfs */
static atomic_t vfmgr_nl_gen = ATOMIC_INIT(1);

/**
 * vfmgr_nl_pf_add - make a claimed port reachable through the family
 * @pf: the port, fully set up
 */
void vfmgr_nl_pf_add(struct vfmgr_pf *pf)
{
	mutex_lock(&vfmgr_nl_lock);
	list_add_tail(&pf->nl_node, &vfmgr_nl_pfs);
	atomic_inc(&vfmgr_nl_gen);
	mutex_unlock(&vfmgr_nl_lock);
}

/**
 * vfmgr_nl_pf_del - remove a port from the family's view
 * @pf: the port, before it is torn down
 *
 * Returns only once no handler uses @pf.
 */
void vfmgr_nl_pf_del(struct vfmgr_pf *pf)
{
	mutex_lock(&vfmgr_nl_lock);
	list_del(&pf->nl_node);
	atomic_inc(&vfmgr_nl_gen);
	mutex_unlock(&vfmgr_nl_lock);
}

/**
 * vfmgr_nl_changed - what a dump shows changed shape
 */
void vfmgr_nl_changed(void)
{
	atomic_inc(&vfmgr_nl_gen);
}

static struct vfmgr_pf *vfmgr_nl_find_pf(const char *name)
{
	struct vfmgr_pf *pf;

	lockdep_assert_held(&vfmgr_nl_lock);
	list_for_each_entry(pf, &vfmgr_nl_pfs, nl_node)
		if (!strcmp(pci_name(pf->pdev), name))
			return pf;
	return NULL;
}

/* The PF named by @attr, or an error pointer with an extack message. */
static struct vfmgr_pf *vfmgr_nl_get_pf(struct genl_info *info, int attr)
{
	struct vfmgr_pf *pf;

	if (GENL_REQ_ATTR_CHECK(info, attr))
		return ERR_PTR(-EINVAL);
	pf = vfmgr_nl_find_pf(nla_data(info->attrs[attr]));
	if (!pf) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
				    "no PF with this PCI address is driven by vfmgr");
		return ERR_PTR(-ENODEV);
	}
	return pf;
}

static int vfmgr_nl_fill_pf(struct sk_buff *skb, struct vfmgr_pf *pf, u32 portid,
			    u32 seq, int flags)
{
	u32 speed = vfmgr_pf_link_speed(pf);
	struct vfmgr_vf_counters sum = {};
	unsigned int v;
	void *hdr;

	mutex_lock(&pf->lock);
	for (v = 0; v < VFMGR_MAX_VFS; v++) {
		sum.requests += pf->vfs[v].cnt.requests;
		sum.refused += pf->vfs[v].cnt.refused;
		sum.resets += pf->vfs[v].cnt.resets;
	}
	mutex_unlock(&pf->lock);

	hdr = genlmsg_put(skb, portid, seq, &vfmgr_nl_family, flags, VFMGR_CMD_PF_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, VFMGR_A_PF_PCI, pci_name(pf->pdev)) ||
	    nla_put_u32(skb, VFMGR_A_PF_IFINDEX, pf->netdev->ifindex) ||
	    nla_put_string(skb, VFMGR_A_PF_IFNAME, netdev_name(pf->netdev)) ||
	    nla_put_u32(skb, VFMGR_A_PF_NUM_VFS, READ_ONCE(pf->num_vfs)) ||
	    nla_put_u32(skb, VFMGR_A_PF_TOTAL_VFS, pci_sriov_get_totalvfs(pf->pdev)) ||
	    nla_put_u8(skb, VFMGR_A_PF_LINK_UP, !!speed) ||
	    nla_put_u32(skb, VFMGR_A_PF_LINK_SPEED, speed) ||
	    nla_put_u32(skb, VFMGR_A_PF_VF_DRIVER, READ_ONCE(pf->vf_driver)) ||
	    nla_put_u64_64bit(skb, VFMGR_A_PF_MBX_REQUESTS, sum.requests, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_PF_MBX_REFUSED, sum.refused, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_PF_VF_RESETS, sum.resets, 0)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int vfmgr_nl_pf_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vfmgr_pf *pf;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&vfmgr_nl_lock);
	pf = vfmgr_nl_get_pf(info, VFMGR_A_PF_PCI);
	err = IS_ERR(pf) ? PTR_ERR(pf) :
	      vfmgr_nl_fill_pf(msg, pf, info->snd_portid, info->snd_seq, 0);
	mutex_unlock(&vfmgr_nl_lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int vfmgr_nl_pf_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long idx = 0, start = cb->args[0];
	struct vfmgr_pf *pf;
	int err = 0;

	mutex_lock(&vfmgr_nl_lock);
	cb->seq = atomic_read(&vfmgr_nl_gen);
	list_for_each_entry(pf, &vfmgr_nl_pfs, nl_node) {
		if (idx++ < start)
			continue;
		err = vfmgr_nl_fill_pf(skb, pf, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		genl_dump_check_consistent(cb, nlmsg_data(nlmsg_hdr(skb)));
		cb->args[0] = idx;
	}
	mutex_unlock(&vfmgr_nl_lock);
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/* What a VF message carries, gathered under the PF lock. */
struct vfmgr_nl_vf {
	struct vfmgr_vf_cfg cfg;
	struct vfmgr_vf_counters cnt;
	struct ifla_vf_stats stats;
	u8 cur_mac[ETH_ALEN];
	bool cts;
	int iommu_group;
	int viable;
	int in_use;
	char pci[16];
	char driver[32];
	char blocker[VFMGR_BIND_BLOCKER_LEN];
};

static void vfmgr_nl_vf_snapshot(struct vfmgr_pf *pf, unsigned int v,
				 struct vfmgr_nl_vf *s)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	struct iommu_group *group;
	struct pci_dev *vfdev;

	mutex_lock(&pf->lock);
	vfmgr_vf_update_stats(pf, v);
	s->cfg = vf->cfg;
	s->cnt = vf->cnt;
	s->stats = vf->stats;
	s->cts = vf->cts;
	ether_addr_copy(s->cur_mac, vf->mac);
	mutex_unlock(&pf->lock);

	s->pci[0] = '\0';
	s->driver[0] = '\0';
	s->iommu_group = -1;
	s->viable = -1;
	s->in_use = 0;
	s->blocker[0] = '\0';
	/* Outside the PF lock: a VF driver probing holds its device lock. */
	vfdev = vfmgr_pf_get_vf_dev(pf, v);
	if (!vfdev)
		return;
	strscpy(s->pci, pci_name(vfdev), sizeof(s->pci));
	group = iommu_group_get(&vfdev->dev);
	if (group) {
		s->iommu_group = iommu_group_id(group);
		iommu_group_put(group);
		s->viable = vfmgr_bind_viable(vfdev, s->blocker, sizeof(s->blocker));
		s->in_use = vfmgr_bind_vf_open(vfdev, true) > 0;
	}
	device_lock(&vfdev->dev);
	if (vfdev->dev.driver)
		strscpy(s->driver, vfdev->dev.driver->name, sizeof(s->driver));
	device_unlock(&vfdev->dev);
	pci_dev_put(vfdev);
}

static int vfmgr_nl_fill_vf(struct sk_buff *skb, struct vfmgr_pf *pf, unsigned int v,
			    const struct vfmgr_nl_vf *s, u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &vfmgr_nl_family, flags, VFMGR_CMD_VF_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, VFMGR_A_VF_PF_PCI, pci_name(pf->pdev)) ||
	    nla_put_u32(skb, VFMGR_A_VF_ID, v) ||
	    (s->pci[0] && nla_put_string(skb, VFMGR_A_VF_PCI, s->pci)) ||
	    nla_put(skb, VFMGR_A_VF_MAC, ETH_ALEN, s->cfg.mac) ||
	    nla_put(skb, VFMGR_A_VF_CUR_MAC, ETH_ALEN, s->cur_mac) ||
	    nla_put_u16(skb, VFMGR_A_VF_VLAN, s->cfg.vlan) ||
	    nla_put_u8(skb, VFMGR_A_VF_QOS, s->cfg.qos) ||
	    nla_put_u8(skb, VFMGR_A_VF_SPOOFCHK, s->cfg.spoofchk) ||
	    nla_put_u8(skb, VFMGR_A_VF_TRUST, s->cfg.trusted) ||
	    nla_put_u32(skb, VFMGR_A_VF_LINK_STATE, s->cfg.link_state) ||
	    nla_put_u32(skb, VFMGR_A_VF_MAX_TX_RATE, s->cfg.max_tx_rate) ||
	    nla_put_u32(skb, VFMGR_A_VF_MAX_FRAME, s->cfg.max_frame) ||
	    nla_put_u8(skb, VFMGR_A_VF_CTS, s->cts) ||
	    (s->driver[0] && nla_put_string(skb, VFMGR_A_VF_DRIVER, s->driver)) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_MBX_REQUESTS, s->cnt.requests, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_MBX_ACCEPTED, s->cnt.accepted, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_MBX_REFUSED, s->cnt.refused, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_RESETS, s->cnt.resets, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_RX_PACKETS, s->stats.rx_packets, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_TX_PACKETS, s->stats.tx_packets, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_RX_BYTES, s->stats.rx_bytes, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_TX_BYTES, s->stats.tx_bytes, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_MULTICAST, s->stats.multicast, 0) ||
	    (s->iommu_group >= 0 &&
	     nla_put_u32(skb, VFMGR_A_VF_IOMMU_GROUP, s->iommu_group)) ||
	    (s->cfg.driver >= 0 &&
	     nla_put_u32(skb, VFMGR_A_VF_VF_DRIVER, s->cfg.driver)) ||
	    (s->viable >= 0 && nla_put_u8(skb, VFMGR_A_VF_IOMMU_VIABLE, s->viable)) ||
	    (s->viable == 0 && nla_put_string(skb, VFMGR_A_VF_IOMMU_BLOCKER, s->blocker)) ||
	    nla_put_u8(skb, VFMGR_A_VF_IN_USE, s->in_use)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The VF named by VFMGR_A_VF_ID on @pf, with an extack message if none. */
static int vfmgr_nl_get_vf(struct genl_info *info, struct vfmgr_pf *pf)
{
	u32 v;

	if (GENL_REQ_ATTR_CHECK(info, VFMGR_A_VF_ID))
		return -EINVAL;
	v = nla_get_u32(info->attrs[VFMGR_A_VF_ID]);
	if (v >= READ_ONCE(pf->num_vfs)) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, info->attrs[VFMGR_A_VF_ID],
					"VF %u does not exist: %s has %u VFs enabled",
					v, pci_name(pf->pdev), READ_ONCE(pf->num_vfs));
		return -ENOENT;
	}
	return v;
}

int vfmgr_nl_vf_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vfmgr_nl_vf *s;
	struct vfmgr_pf *pf;
	struct sk_buff *msg;
	int v, err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!s || !msg) {
		err = -ENOMEM;
		goto out_free;
	}
	mutex_lock(&vfmgr_nl_lock);
	pf = vfmgr_nl_get_pf(info, VFMGR_A_VF_PF_PCI);
	v = IS_ERR(pf) ? PTR_ERR(pf) : vfmgr_nl_get_vf(info, pf);
	if (v >= 0) {
		vfmgr_nl_vf_snapshot(pf, v, s);
		err = vfmgr_nl_fill_vf(msg, pf, v, s, info->snd_portid, info->snd_seq, 0);
	} else {
		err = v;
	}
	mutex_unlock(&vfmgr_nl_lock);
	if (err)
		goto out_free;
	kfree(s);
	return genlmsg_reply(msg, info);

out_free:
	nlmsg_free(msg);
	kfree(s);
	return err;
}

int vfmgr_nl_vf_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	const struct nlattr *filter = info->attrs[VFMGR_A_VF_PF_PCI];
	unsigned long pf_idx = 0, v;
	struct vfmgr_nl_vf *s;
	struct vfmgr_pf *pf;
	int err = 0;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	mutex_lock(&vfmgr_nl_lock);
	if (filter && !vfmgr_nl_find_pf(nla_data(filter))) {
		NL_SET_ERR_MSG_ATTR(cb->extack, filter,
				    "no PF with this PCI address is driven by vfmgr");
		err = -ENODEV;
		goto out_unlock;
	}
	cb->seq = atomic_read(&vfmgr_nl_gen);
	list_for_each_entry(pf, &vfmgr_nl_pfs, nl_node) {
		if (pf_idx++ < cb->args[0])
			continue;
		if (filter && strcmp(pci_name(pf->pdev), nla_data(filter)))
			goto next_pf;
		for (v = cb->args[1]; v < READ_ONCE(pf->num_vfs); v++) {
			vfmgr_nl_vf_snapshot(pf, v, s);
			err = vfmgr_nl_fill_vf(skb, pf, v, s, NETLINK_CB(cb->skb).portid,
					       cb->nlh->nlmsg_seq, NLM_F_MULTI);
			if (err)
				goto out_unlock;
			genl_dump_check_consistent(cb, nlmsg_data(nlmsg_hdr(skb)));
			cb->args[1] = v + 1;
		}
next_pf:
		cb->args[0] = pf_idx;
		cb->args[1] = 0;
	}
out_unlock:
	mutex_unlock(&vfmgr_nl_lock);
	kfree(s);
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

int vfmgr_nl_vf_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct vfmgr_pf *pf;
	u16 vlan = 0;
	u8 qos = 0;
	int v, err;

	mutex_lock(&vfmgr_nl_lock);
	pf = vfmgr_nl_get_pf(info, VFMGR_A_VF_PF_PCI);
	if (IS_ERR(pf)) {
		err = PTR_ERR(pf);
		goto out_unlock;
	}
	v = vfmgr_nl_get_vf(info, pf);
	if (v < 0) {
		err = v;
		goto out_unlock;
	}

	/* Check the whole request before changing anything. */
	err = -EINVAL;
	if (tb[VFMGR_A_VF_MAC]) {
		const u8 *mac = nla_data(tb[VFMGR_A_VF_MAC]);

		if (!is_zero_ether_addr(mac) && !is_valid_ether_addr(mac)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VFMGR_A_VF_MAC],
					    "MAC must be unicast (all zeroes clears it)");
			goto out_unlock;
		}
	}
	if (tb[VFMGR_A_VF_VLAN] || tb[VFMGR_A_VF_QOS]) {
		mutex_lock(&pf->lock);
		vlan = pf->vfs[v].cfg.vlan;
		qos = pf->vfs[v].cfg.qos;
		mutex_unlock(&pf->lock);
		if (tb[VFMGR_A_VF_VLAN])
			vlan = nla_get_u16(tb[VFMGR_A_VF_VLAN]);
		if (tb[VFMGR_A_VF_QOS])
			qos = nla_get_u8(tb[VFMGR_A_VF_QOS]);
		else if (!vlan)
			qos = 0;
		if (qos && !vlan) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VFMGR_A_VF_QOS],
					    "a priority needs a port VLAN");
			goto out_unlock;
		}
	}
	if (tb[VFMGR_A_VF_MAX_TX_RATE] &&
	    nla_get_u32(tb[VFMGR_A_VF_MAX_TX_RATE]) > SPEED_1000) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VFMGR_A_VF_MAX_TX_RATE],
				    "rate above the port's 1000 Mbps");
		goto out_unlock;
	}
	if (tb[VFMGR_A_VF_MAX_FRAME]) {
		u32 mf = nla_get_u32(tb[VFMGR_A_VF_MAX_FRAME]);

		if (mf && (mf < ETH_ZLEN || mf > VFMGR_MAX_FRAME)) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, tb[VFMGR_A_VF_MAX_FRAME],
						"frame size out of range (%u-%u, 0 for the maximum)",
						ETH_ZLEN, VFMGR_MAX_FRAME);
			goto out_unlock;
		}
	}

	/* The VLAN is the one change that can fail: apply it first. */
	if (tb[VFMGR_A_VF_VLAN] || tb[VFMGR_A_VF_QOS]) {
		err = vfmgr_vf_set_vlan(pf, v, vlan, qos);
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[VFMGR_A_VF_VLAN],
					    "no VLAN filter entry left on the port");
			goto out_unlock;
		}
	}
	if (tb[VFMGR_A_VF_MAC])
		vfmgr_vf_set_mac(pf, v, nla_data(tb[VFMGR_A_VF_MAC]));
	if (tb[VFMGR_A_VF_SPOOFCHK])
		vfmgr_vf_set_spoofchk(pf, v, nla_get_u8(tb[VFMGR_A_VF_SPOOFCHK]));
	if (tb[VFMGR_A_VF_TRUST])
		vfmgr_vf_set_trust(pf, v, nla_get_u8(tb[VFMGR_A_VF_TRUST]));
	if (tb[VFMGR_A_VF_LINK_STATE])
		vfmgr_vf_set_link_state(pf, v, nla_get_u32(tb[VFMGR_A_VF_LINK_STATE]));
	if (tb[VFMGR_A_VF_MAX_TX_RATE])
		vfmgr_vf_set_rate(pf, v, nla_get_u32(tb[VFMGR_A_VF_MAX_TX_RATE]));
	if (tb[VFMGR_A_VF_MAX_FRAME])
		vfmgr_vf_set_max_frame(pf, v, nla_get_u32(tb[VFMGR_A_VF_MAX_FRAME]));
	vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_CONFIG_CHANGED, VFMGR_SOURCE_GENL, NULL);
	err = 0;

out_unlock:
	mutex_unlock(&vfmgr_nl_lock);
	return err;
}

/* The PF and VF named by a request, under vfmgr_nl_lock. */
static int vfmgr_nl_get_pf_vf(struct genl_info *info, struct vfmgr_pf **pf)
{
	lockdep_assert_held(&vfmgr_nl_lock);
	*pf = vfmgr_nl_get_pf(info, VFMGR_A_VF_PF_PCI);
	if (IS_ERR(*pf))
		return PTR_ERR(*pf);
	return vfmgr_nl_get_vf(info, *pf);
}

int vfmgr_nl_vf_clear_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vfmgr_pf *pf;
	int v;

	mutex_lock(&vfmgr_nl_lock);
	v = vfmgr_nl_get_pf_vf(info, &pf);
	if (v >= 0) {
		vfmgr_vf_clear(pf, v);
		vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_CONFIG_CHANGED, VFMGR_SOURCE_GENL, NULL);
	}
	mutex_unlock(&vfmgr_nl_lock);
	return v < 0 ? v : 0;
}

int vfmgr_nl_vf_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pci_dev *vfdev = NULL;
	struct vfmgr_pf *pf;
	int v, err;

	mutex_lock(&vfmgr_nl_lock);
	v = vfmgr_nl_get_pf_vf(info, &pf);
	if (v >= 0)
		vfdev = vfmgr_pf_get_vf_dev(pf, v);
	mutex_unlock(&vfmgr_nl_lock);
	if (v < 0)
		return v;
	if (!vfdev) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VFMGR_A_VF_ID],
				    "the VF's PCI device is gone");
		return -ENODEV;
	}
	/*
	 * Outside vfmgr_nl_lock: the reset takes the VF's device lock.  The
	 * reference keeps the device valid; the port handles the resulting
	 * VF reset like any other, reapplying the configuration.
	 */
	err = pcie_reset_flr(vfdev, PCI_RESET_DO_RESET);
	if (err == -ENOTTY)
		err = pci_reset_function(vfdev);
	pci_dev_put(vfdev);
	if (err)
		NL_SET_ERR_MSG_FMT(info->extack, "function level reset failed (%d)", err);
	return err;
}

/*
 * Load the module of the VF driver @attr names, with a message pointing at
 * @attr if that fails.  Before any device lock: loading a driver walks
 * the bus.
 */
static int vfmgr_nl_load_driver(struct genl_info *info, struct nlattr *attr)
{
	u32 drv = nla_get_u32(attr);
	int err;

	err = vfmgr_bind_load_driver(drv);
	if (err)
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, attr, "cannot load the %s module",
					vfmgr_bind_driver_name(drv));
	return err;
}

/*
 * Take a port's device lock for a request that changes its VFs, and
 * return the port, or NULL (with a message pointing at @attr) when it was
 * released meanwhile.  The device lock serialises with sysfs sriov_numvfs
 * and with the port being released; vfmgr_nl_lock must not be held,
 * because release takes it under the device lock.  The caller unlocks
 * either way.
 */
static struct vfmgr_pf *vfmgr_nl_lock_port(struct pci_dev *pdev, struct genl_info *info,
					   struct nlattr *attr)
{
	device_lock(&pdev->dev);
	if (pdev->dev.driver == &vfmgr_pf_driver.driver)
		return pci_get_drvdata(pdev);
	NL_SET_ERR_MSG_ATTR(info->extack, attr, "the port was released");
	return NULL;
}

int vfmgr_nl_vf_bind_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct pci_dev *pdev = NULL;
	struct vfmgr_pf *pf;
	u32 drv;
	int v, err;

	if (GENL_REQ_ATTR_CHECK(info, VFMGR_A_VF_VF_DRIVER))
		return -EINVAL;
	drv = nla_get_u32(tb[VFMGR_A_VF_VF_DRIVER]);
	mutex_lock(&vfmgr_nl_lock);
	v = vfmgr_nl_get_pf_vf(info, &pf);
	if (v >= 0)
		pdev = pci_dev_get(pf->pdev);
	mutex_unlock(&vfmgr_nl_lock);
	if (v < 0)
		return v;

	err = vfmgr_nl_load_driver(info, tb[VFMGR_A_VF_VF_DRIVER]);
	if (err)
		goto out_put;
	pf = vfmgr_nl_lock_port(pdev, info, tb[VFMGR_A_VF_PF_PCI]);
	if (!pf) {
		err = -ENODEV;
	} else if (v >= pf->num_vfs) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[VFMGR_A_VF_ID], "the VF was removed");
		err = -ENOENT;
	} else {
		err = vfmgr_bind_vf(pf, v, drv, info->extack);
		if (!err)
			vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_CONFIG_CHANGED,
					  VFMGR_SOURCE_GENL, NULL);
	}
	device_unlock(&pdev->dev);
out_put:
	pci_dev_put(pdev);
	return err;
}

int vfmgr_nl_pf_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct pci_dev *pdev;
	struct vfmgr_pf *pf;
	u32 old_driver;
	int err;

	mutex_lock(&vfmgr_nl_lock);
	pf = vfmgr_nl_get_pf(info, VFMGR_A_PF_PCI);
	pdev = IS_ERR(pf) ? NULL : pci_dev_get(pf->pdev);
	mutex_unlock(&vfmgr_nl_lock);
	if (!pdev)
		return PTR_ERR(pf);

	if (tb[VFMGR_A_PF_VF_DRIVER]) {
		err = vfmgr_nl_load_driver(info, tb[VFMGR_A_PF_VF_DRIVER]);
		if (err)
			goto out_put;
	}

	pf = vfmgr_nl_lock_port(pdev, info, tb[VFMGR_A_PF_PCI]);
	if (!pf) {
		err = -ENODEV;
		goto out_unlock;
	}
	old_driver = pf->vf_driver;
	if (tb[VFMGR_A_PF_VF_DRIVER])
		WRITE_ONCE(pf->vf_driver, nla_get_u32(tb[VFMGR_A_PF_VF_DRIVER]));
	err = 0;
	if (tb[VFMGR_A_PF_NUM_VFS])
		err = vfmgr_pf_set_num_vfs(pf, nla_get_u32(tb[VFMGR_A_PF_NUM_VFS]),
					   info->extack);
	if (err) {
		WRITE_ONCE(pf->vf_driver, old_driver);
		if (info->extack && !info->extack->bad_attr)
			info->extack->bad_attr = tb[VFMGR_A_PF_NUM_VFS];
	}
out_unlock:
	device_unlock(&pdev->dev);
out_put:
	pci_dev_put(pdev);
	return err;
}

/**
 * vfmgr_nl_vf_event - tell the events group what happened to a VF
 * @pf: the VF's port
 * @vf: VF index
 * @event: what happened
 * @source: for VFMGR_EVENT_CONFIG_CHANGED, enum vfmgr_source; otherwise -1
 * @text: the reason (refused) or the driver (bound); NULL for none
 *
 * Cheap when nobody listens.  Context: process context.
 */
void vfmgr_nl_vf_event(struct vfmgr_pf *pf, unsigned int vf, enum vfmgr_event event,
		       int source, const char *text)
{
	int text_attr = event == VFMGR_EVENT_REFUSED ? VFMGR_A_VF_REASON : VFMGR_A_VF_DRIVER;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&vfmgr_nl_family, &init_net, VFMGR_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vfmgr_nl_family, 0, VFMGR_CMD_VF_EVENT);
	if (!hdr)
		goto err_free_msg;
	if (nla_put_string(msg, VFMGR_A_VF_PF_PCI, pci_name(pf->pdev)) ||
	    nla_put_u32(msg, VFMGR_A_VF_ID, vf) ||
	    nla_put_u32(msg, VFMGR_A_VF_EVENT, event) ||
	    (source >= 0 && nla_put_u32(msg, VFMGR_A_VF_SOURCE, source)) ||
	    (text && nla_put_string(msg, text_attr, text)))
		goto err_free_msg;
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&vfmgr_nl_family, msg, 0, VFMGR_NLGRP_EVENTS, GFP_KERNEL);
	return;

err_free_msg:
	nlmsg_free(msg);
}

/*
 * The spec marks the events group admin-only; the 6.12 generator drops
 * group flags, so the group table with its flags is given here.
 */
static const struct genl_multicast_group vfmgr_nl_admin_mcgrps[] = {
	[VFMGR_NLGRP_EVENTS] = {
		.name = VFMGR_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

/**
 * vfmgr_nl_init - register the family
 *
 * Return: 0 or a negative errno.
 */
int vfmgr_nl_init(void)
{
	/*
	 * The family controls host hardware: it stays in the initial
	 * network namespace (the generated table allows every namespace).
	 */
	vfmgr_nl_family.netnsok = false;
	vfmgr_nl_family.mcgrps = vfmgr_nl_admin_mcgrps;
	vfmgr_nl_family.n_mcgrps = ARRAY_SIZE(vfmgr_nl_admin_mcgrps);
	return genl_register_family(&vfmgr_nl_family);
}

/**
 * vfmgr_nl_exit - unregister the family
 */
void vfmgr_nl_exit(void)
{
	genl_unregister_family(&vfmgr_nl_family);
}
