// SPDX-License-Identifier: GPL-2.0
/*
 * The "vfmgr" generic netlink family: handlers for the operations
 * declared in Documentation/netlink/specs/vfmgr.yaml.  The policies and
 * the ops table are generated (netlink-gen.c); attribute ranges are
 * checked there before a handler runs.  Handlers add the checks that need
 * state, each with an extack message pointing at the attribute.
 *
 * Per-VF settings become one change for vf.c, the path rtnetlink takes
 * too, so both surfaces edit one configuration with the same checks and
 * the same answers.  Ports are found in, and held through, the family's
 * registry (family.c); no handler holds a global lock while it works.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/iommu.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "vfmgr.h"
#include "netlink-gen.h"

/*
 * The PF named by @attr, held (vfmgr_fam_port_put() it), or an error
 * pointer with an extack message.
 */
static struct vfmgr_pf *vfmgr_nl_get_pf(struct genl_info *info, int attr)
{
	struct vfmgr_pf *pf;

	if (GENL_REQ_ATTR_CHECK(info, attr))
		return ERR_PTR(-EINVAL);
	pf = vfmgr_fam_port_get(nla_data(info->attrs[attr]));
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
	u32 speed = vfmgr_link_speed(pf);
	struct vfmgr_vf_counters sum = {};
	u32 vlan_quota, mac_quota, mbx_rate;
	unsigned int v;
	void *hdr;

	mutex_lock(&pf->lock);
	for (v = 0; v < VFMGR_MAX_VFS; v++) {
		sum.requests += pf->vfs[v].cnt.requests;
		sum.refused += pf->vfs[v].cnt.refused;
		sum.resets += pf->vfs[v].cnt.resets;
	}
	vlan_quota = pf->vf_vlan_quota;
	mac_quota = pf->vf_mac_quota;
	mbx_rate = pf->vf_mbx_rate;
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
	    nla_put_u64_64bit(skb, VFMGR_A_PF_VF_RESETS, sum.resets, 0) ||
	    nla_put_u32(skb, VFMGR_A_PF_VF_VLAN_QUOTA, vlan_quota) ||
	    nla_put_u32(skb, VFMGR_A_PF_VF_MAC_QUOTA, mac_quota) ||
	    nla_put_u32(skb, VFMGR_A_PF_VF_MBX_RATE, mbx_rate)) {
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
	pf = vfmgr_nl_get_pf(info, VFMGR_A_PF_PCI);
	if (IS_ERR(pf)) {
		err = PTR_ERR(pf);
	} else {
		err = vfmgr_nl_fill_pf(msg, pf, info->snd_portid, info->snd_seq, 0);
		vfmgr_fam_port_put(pf);
	}
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int vfmgr_nl_pf_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vfmgr_pf *pf;
	int err = 0;

	cb->seq = vfmgr_fam_gen();
	while ((pf = vfmgr_fam_port_get_nth(cb->args[0]))) {
		err = vfmgr_nl_fill_pf(skb, pf, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI);
		vfmgr_fam_port_put(pf);
		if (err)
			break;
		genl_dump_check_consistent(cb, nlmsg_data(nlmsg_hdr(skb)));
		cb->args[0]++;
	}
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/* What a VF message carries, gathered under the PF lock. */
struct vfmgr_nl_vf {
	struct vfmgr_vf_cfg cfg;
	struct vfmgr_vf_counters cnt;
	struct ifla_vf_stats stats;
	u8 cur_mac[ETH_ALEN];
	bool cts;
	bool quarantined;
	u32 vlans;
	u32 mac_filters;
	int iommu_group;
	int viable;
	int in_use;
	bool busy;
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
	s->quarantined = vf->quarantined;
	s->vlans = bitmap_weight(vf->vlans, VLAN_N_VID);
	s->mac_filters = vf->num_filters;
	mutex_unlock(&pf->lock);

	s->pci[0] = '\0';
	s->driver[0] = '\0';
	s->iommu_group = -1;
	s->viable = -1;
	s->in_use = 0;
	s->busy = false;
	s->blocker[0] = '\0';
	/*
	 * Outside the PF lock, and without waiting for the VF's device lock:
	 * an unbind waiting for a VFIO user holds it for as long as the user
	 * likes.  Then the VF is reported busy, without driver and in-use.
	 */
	vfdev = vfmgr_bind_get_vf_dev(pf, v);
	if (!vfdev)
		return;
	strscpy(s->pci, pci_name(vfdev), sizeof(s->pci));
	group = iommu_group_get(&vfdev->dev);
	if (group) {
		s->iommu_group = iommu_group_id(group);
		iommu_group_put(group);
		s->viable = vfmgr_bind_viable(vfdev, s->blocker, sizeof(s->blocker));
	}
	if (device_trylock(&vfdev->dev)) {
		if (vfdev->dev.driver)
			strscpy(s->driver, vfdev->dev.driver->name, sizeof(s->driver));
		device_unlock(&vfdev->dev);
		if (group)
			s->in_use = vfmgr_bind_vf_open(vfdev);
	} else {
		s->busy = true;
	}
	if (s->in_use < 0) {
		s->busy = true;
		s->in_use = 0;
		s->driver[0] = '\0';
	}
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
	    (!s->busy && nla_put_u8(skb, VFMGR_A_VF_IN_USE, s->in_use)) ||
	    (s->busy && nla_put_u8(skb, VFMGR_A_VF_BUSY, 1)) ||
	    nla_put_u8(skb, VFMGR_A_VF_QUARANTINED, s->quarantined) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_QUARANTINES, s->cnt.quarantines, 0) ||
	    nla_put_u64_64bit(skb, VFMGR_A_VF_MBX_IGNORED, s->cnt.ignored, 0) ||
	    nla_put_u32(skb, VFMGR_A_VF_VLANS, s->vlans) ||
	    nla_put_u32(skb, VFMGR_A_VF_MAC_FILTERS, s->mac_filters)) {
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
	pf = vfmgr_nl_get_pf(info, VFMGR_A_VF_PF_PCI);
	if (IS_ERR(pf)) {
		err = PTR_ERR(pf);
		goto out_free;
	}
	v = vfmgr_nl_get_vf(info, pf);
	if (v >= 0) {
		vfmgr_nl_vf_snapshot(pf, v, s);
		err = vfmgr_nl_fill_vf(msg, pf, v, s, info->snd_portid, info->snd_seq, 0);
	} else {
		err = v;
	}
	vfmgr_fam_port_put(pf);
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
	struct vfmgr_nl_vf *s;
	struct vfmgr_pf *pf;
	unsigned long v;
	int err = 0;

	if (filter) {
		pf = vfmgr_fam_port_get(nla_data(filter));
		if (!pf) {
			NL_SET_ERR_MSG_ATTR(cb->extack, filter,
					    "no PF with this PCI address is driven by vfmgr");
			return -ENODEV;
		}
		vfmgr_fam_port_put(pf);
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	cb->seq = vfmgr_fam_gen();
	/* Each port is held, never the registry, while its VFs are read. */
	while ((pf = vfmgr_fam_port_get_nth(cb->args[0]))) {
		if (filter && strcmp(pci_name(pf->pdev), nla_data(filter)))
			goto next_pf;
		for (v = cb->args[1]; v < READ_ONCE(pf->num_vfs); v++) {
			vfmgr_nl_vf_snapshot(pf, v, s);
			err = vfmgr_nl_fill_vf(skb, pf, v, s, NETLINK_CB(cb->skb).portid,
					       cb->nlh->nlmsg_seq, NLM_F_MULTI);
			if (err) {
				vfmgr_fam_port_put(pf);
				goto out_free;
			}
			genl_dump_check_consistent(cb, nlmsg_data(nlmsg_hdr(skb)));
			cb->args[1] = v + 1;
		}
next_pf:
		vfmgr_fam_port_put(pf);
		cb->args[0]++;
		cb->args[1] = 0;
	}
out_free:
	kfree(s);
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/* The attribute of a vf-set request each vf.c setting comes from. */
static const int vfmgr_nl_vf_setting_attr[] = {
	[VFMGR_VF_SET_MAC] = VFMGR_A_VF_MAC,
	[VFMGR_VF_SET_VLAN] = VFMGR_A_VF_VLAN,
	[VFMGR_VF_SET_QOS] = VFMGR_A_VF_QOS,
	[VFMGR_VF_SET_SPOOFCHK] = VFMGR_A_VF_SPOOFCHK,
	[VFMGR_VF_SET_TRUST] = VFMGR_A_VF_TRUST,
	[VFMGR_VF_SET_LINK_STATE] = VFMGR_A_VF_LINK_STATE,
	[VFMGR_VF_SET_MAX_TX_RATE] = VFMGR_A_VF_MAX_TX_RATE,
	[VFMGR_VF_SET_MAX_FRAME] = VFMGR_A_VF_MAX_FRAME,
};

int vfmgr_nl_vf_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vfmgr_vf_change c = { .source = VFMGR_SOURCE_GENL };
	struct nlattr **tb = info->attrs;
	struct nlattr *bad = NULL;
	struct vfmgr_pf *pf;
	unsigned int i;
	int v, err;

	pf = vfmgr_nl_get_pf(info, VFMGR_A_VF_PF_PCI);
	if (IS_ERR(pf))
		return PTR_ERR(pf);
	v = vfmgr_nl_get_vf(info, pf);
	if (v < 0) {
		err = v;
		goto out_put;
	}

	/* Translate the attributes into one change; vf.c checks it whole. */
	for (i = 0; i < ARRAY_SIZE(vfmgr_nl_vf_setting_attr); i++)
		if (vfmgr_nl_vf_setting_attr[i] && tb[vfmgr_nl_vf_setting_attr[i]])
			c.set |= BIT(i);
	if (tb[VFMGR_A_VF_MAC])
		memcpy(c.mac, nla_data(tb[VFMGR_A_VF_MAC]), ETH_ALEN);
	if (tb[VFMGR_A_VF_VLAN])
		c.vlan = nla_get_u16(tb[VFMGR_A_VF_VLAN]);
	if (tb[VFMGR_A_VF_QOS])
		c.qos = nla_get_u8(tb[VFMGR_A_VF_QOS]);
	if (tb[VFMGR_A_VF_SPOOFCHK])
		c.spoofchk = nla_get_u8(tb[VFMGR_A_VF_SPOOFCHK]);
	if (tb[VFMGR_A_VF_TRUST])
		c.trusted = nla_get_u8(tb[VFMGR_A_VF_TRUST]);
	if (tb[VFMGR_A_VF_LINK_STATE])
		c.link_state = nla_get_u32(tb[VFMGR_A_VF_LINK_STATE]);
	if (tb[VFMGR_A_VF_MAX_TX_RATE])
		c.max_tx_rate = nla_get_u32(tb[VFMGR_A_VF_MAX_TX_RATE]);
	if (tb[VFMGR_A_VF_MAX_FRAME])
		c.max_frame = nla_get_u32(tb[VFMGR_A_VF_MAX_FRAME]);

	err = vfmgr_vf_change(pf, v, &c);
	if (err) {
		if (c.bad < ARRAY_SIZE(vfmgr_nl_vf_setting_attr) &&
		    vfmgr_nl_vf_setting_attr[c.bad])
			bad = tb[vfmgr_nl_vf_setting_attr[c.bad]];
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, bad, "%s", c.msg);
	}
out_put:
	vfmgr_fam_port_put(pf);
	return err;
}

/* The PF (held) and VF named by a request. */
static int vfmgr_nl_get_pf_vf(struct genl_info *info, struct vfmgr_pf **pf)
{
	int v;

	*pf = vfmgr_nl_get_pf(info, VFMGR_A_VF_PF_PCI);
	if (IS_ERR(*pf))
		return PTR_ERR(*pf);
	v = vfmgr_nl_get_vf(info, *pf);
	if (v < 0)
		vfmgr_fam_port_put(*pf);
	return v;
}

int vfmgr_nl_vf_clear_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vfmgr_pf *pf;
	int v;

	v = vfmgr_nl_get_pf_vf(info, &pf);
	if (v < 0)
		return v;
	vfmgr_vf_clear(pf, v, VFMGR_SOURCE_GENL);
	vfmgr_fam_port_put(pf);
	return 0;
}

int vfmgr_nl_vf_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pci_dev *vfdev = NULL;
	struct vfmgr_pf *pf;
	int v, err;

	v = vfmgr_nl_get_pf_vf(info, &pf);
	if (v < 0)
		return v;
	/* Only the admin lets a quarantined VF be served again. */
	mutex_lock(&pf->lock);
	if (pf->recovering) {
		mutex_unlock(&pf->lock);
		vfmgr_fam_port_put(pf);
		NL_SET_ERR_MSG(info->extack, VFMGR_MSG_RECOVERING);
		return -EBUSY;
	}
	vfmgr_mbx_release(pf, v);
	mutex_unlock(&pf->lock);
	vfdev = vfmgr_bind_get_vf_dev(pf, v);
	vfmgr_fam_port_put(pf);
	if (!vfdev) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VFMGR_A_VF_ID],
				    "the VF's PCI device is gone");
		return -ENODEV;
	}
	/*
	 * The device reference keeps the VF valid without holding the port;
	 * the port handles the resulting VF reset like any other, reapplying
	 * the configuration.
	 */
	err = vfmgr_bind_reset_vf(vfdev, info->extack);
	pci_dev_put(vfdev);
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
 * and with the port being released; no port reference may be held,
 * because release waits for those under the device lock.  The caller
 * unlocks either way.
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
	v = vfmgr_nl_get_pf_vf(info, &pf);
	if (v < 0)
		return v;
	pdev = pci_dev_get(pf->pdev);
	vfmgr_fam_port_put(pf);

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
			vfmgr_fam_notify_changed(pf, v, VFMGR_SOURCE_GENL);
	}
	device_unlock(&pdev->dev);
out_put:
	pci_dev_put(pdev);
	return err;
}

/* The pf-set attribute of each limit on what VFs may ask. */
static const int vfmgr_nl_limit_attr[] = {
	[VFMGR_MBX_LIMIT_VLAN_QUOTA] = VFMGR_A_PF_VF_VLAN_QUOTA,
	[VFMGR_MBX_LIMIT_MAC_QUOTA] = VFMGR_A_PF_VF_MAC_QUOTA,
	[VFMGR_MBX_LIMIT_MBX_RATE] = VFMGR_A_PF_VF_MBX_RATE,
};

/*
 * Check the limits a pf-set carries, all before any is changed, with the
 * check devlink's params use too (the policy has the same bounds).
 */
static int vfmgr_nl_check_limits(struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	unsigned int i;
	u32 max;
	int err;

	for (i = 0; i < ARRAY_SIZE(vfmgr_nl_limit_attr); i++) {
		struct nlattr *attr = tb[vfmgr_nl_limit_attr[i]];

		if (!attr)
			continue;
		err = vfmgr_mbx_limit_check(i, nla_get_u32(attr), &max);
		if (err) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, attr, "must be at most %u", max);
			return err;
		}
	}
	return 0;
}

/* Set the limits a pf-set carries, checked by vfmgr_nl_check_limits(). */
static void vfmgr_nl_set_limits(struct vfmgr_pf *pf, struct nlattr **tb)
{
	unsigned int i;

	mutex_lock(&pf->lock);
	for (i = 0; i < ARRAY_SIZE(vfmgr_nl_limit_attr); i++)
		if (tb[vfmgr_nl_limit_attr[i]])
			vfmgr_mbx_limit_set(pf, i, nla_get_u32(tb[vfmgr_nl_limit_attr[i]]));
	mutex_unlock(&pf->lock);
}

int vfmgr_nl_pf_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct pci_dev *pdev;
	struct vfmgr_pf *pf;
	u32 vf_driver;
	int err;

	pf = vfmgr_nl_get_pf(info, VFMGR_A_PF_PCI);
	if (IS_ERR(pf))
		return PTR_ERR(pf);
	err = vfmgr_nl_check_limits(info);
	if (err) {
		vfmgr_fam_port_put(pf);
		return err;
	}
	pdev = pci_dev_get(pf->pdev);
	vfmgr_fam_port_put(pf);

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
	vf_driver = tb[VFMGR_A_PF_VF_DRIVER] ?
		    nla_get_u32(tb[VFMGR_A_PF_VF_DRIVER]) : pf->vf_driver;
	err = 0;
	if (tb[VFMGR_A_PF_NUM_VFS])
		err = vfmgr_pf_set_num_vfs(pf, nla_get_u32(tb[VFMGR_A_PF_NUM_VFS]),
					   vf_driver, info->extack);
	else
		WRITE_ONCE(pf->vf_driver, vf_driver);
	if (err) {
		if (info->extack && !info->extack->bad_attr)
			info->extack->bad_attr = tb[VFMGR_A_PF_NUM_VFS];
	} else {
		vfmgr_nl_set_limits(pf, tb);
	}
out_unlock:
	device_unlock(&pdev->dev);
out_put:
	pci_dev_put(pdev);
	return err;
}
