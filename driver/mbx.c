// SPDX-License-Identifier: GPL-2.0
/*
 * PF side of the PF<->VF mailbox: every request a VF makes of the PF.
 *
 * A VF runs inside a tenant's VM and is not trusted.  Each message is
 * checked (type, counts, ranges) before anything in it is used, then
 * against what the admin allows this VF; the answer is an ACK or a NACK
 * exactly as the stock igbvf driver expects, every request is counted,
 * and refusals are logged (rate limited) with the VF and the reason.
 *
 * The interrupt handler only schedules vfmgr_mbx_work(); messages are
 * handled in process context under the PF lock.
 */
#include <linux/bitfield.h>
#include <linux/etherdevice.h>
#include <linux/if_link.h>

#include "vfmgr.h"
#include "mbx.h"

/* A VF that is not clear to send is refused at most this often. */
#define VFMGR_MBX_NACK_INTERVAL	(2 * HZ)

static void vfmgr_mbx_refuse(struct vfmgr_pf *pf, unsigned int v,
			     const char *what, const char *why)
{
	pf->vfs[v].cnt.refused++;
	dev_info_ratelimited(&pf->pdev->dev, "VF %u: %s refused: %s\n", v, what, why);
	vfmgr_fam_notify_refused(pf, v, what, why);
}

/* The VF changed what it receives or sends as (not its multicast list). */
static void vfmgr_mbx_changed(struct vfmgr_pf *pf, unsigned int v, u32 type)
{
	if (type != VFMGR_MBX_SET_MULTICAST)
		vfmgr_fam_notify_changed(pf, v, VFMGR_SOURCE_VF);
}

static int vfmgr_mbx_set_mac(struct vfmgr_pf *pf, unsigned int v, const u32 *msg,
			     const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int info = FIELD_GET(VFMGR_MBX_INFO, msg[0]);
	bool admin = !is_zero_ether_addr(vf->cfg.mac);
	unsigned int idx;
	u8 mac[ETH_ALEN];

	if (info == VFMGR_MBX_MAC_FILTER_CLR) {
		/* Clearing is always allowed; the address word is ignored. */
		vfmgr_vf_clear_filters(pf, vf);
		return 0;
	}

	vfmgr_mac_from_words(mac, msg[1], msg[2]);
	if (!is_valid_ether_addr(mac)) {
		*why = "invalid or multicast address";
		return -EINVAL;
	}

	switch (info) {
	case VFMGR_MBX_MAC_PRIMARY:
		if (ether_addr_equal(mac, vf->mac))
			return 0;
		if (admin && !vf->cfg.trusted) {
			*why = "the admin set this VF's MAC and the VF is not trusted";
			return -EPERM;
		}
		ether_addr_copy(vf->mac, mac);
		pf->ops->set_rar(pf, pf->ops->vf_rar(v), mac, v);
		return 0;
	case VFMGR_MBX_MAC_FILTER_ADD:
		if (admin && !vf->cfg.trusted) {
			*why = "the admin set this VF's MAC and the VF is not trusted";
			return -EPERM;
		}
		if (vf->num_filters >= VFMGR_VF_MAC_FILTERS) {
			*why = "MAC filter limit reached";
			return -ENOSPC;
		}
		for (idx = pf->ops->filter_rar_first; idx <= pf->ops->filter_rar_last; idx++)
			if (!test_and_set_bit(idx, &pf->rar_used))
				break;
		if (idx > pf->ops->filter_rar_last) {
			*why = "no receive address entry left on the port";
			return -ENOSPC;
		}
		pf->ops->set_rar(pf, idx, mac, v);
		vf->filter_rar[vf->num_filters++] = idx;
		return 0;
	default:
		*why = "unknown MAC request";
		return -EINVAL;
	}
}

static int vfmgr_mbx_set_multicast(struct vfmgr_pf *pf, unsigned int v,
				   const u32 *msg, const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int n = FIELD_GET(VFMGR_MBX_INFO, msg[0]), i;
	bool overflow = n > VFMGR_MBX_MC_HASHES;
	int err = 0;

	/* Words 1-15 carry at most 30 16-bit hashes; more means "all". */
	if (overflow) {
		n = VFMGR_MBX_MC_HASHES;
		if (!vf->cfg.trusted) {
			*why = "more than 30 multicast groups needs a trusted VF";
			err = -EPERM;
		}
	}
	spin_lock_bh(&pf->mta_lock);
	for (i = 0; i < n; i++)
		vf->mc_hashes[i] = (msg[1 + i / 2] >> (16 * (i % 2))) & 0xfff;
	vf->num_mc = n;
	spin_unlock_bh(&pf->mta_lock);
	vf->mc_promisc = overflow && vf->cfg.trusted;
	vfmgr_vf_write_mta(pf);
	vfmgr_vf_apply(pf, v);
	return err;
}

static int vfmgr_mbx_set_vlan(struct vfmgr_pf *pf, unsigned int v, const u32 *msg,
			      const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	bool add = FIELD_GET(VFMGR_MBX_INFO, msg[0]);
	u32 vid = msg[1];
	int err;

	if (vf->cfg.vlan) {
		*why = "the admin set a port VLAN";
		return -EPERM;
	}
	if (vid >= VLAN_N_VID) {
		*why = "VLAN ID out of range";
		return -EINVAL;
	}
	if (!add) {
		if (vid && test_and_clear_bit(vid, vf->vlans))
			pf->ops->set_vlan(pf, v, vid, false);
	} else if (!test_bit(vid, vf->vlans)) {
		err = pf->ops->set_vlan(pf, v, vid, true);
		if (err) {
			*why = "VLAN filter table full";
			return err;
		}
		set_bit(vid, vf->vlans);
	}
	vfmgr_vf_apply(pf, v);
	return 0;
}

static int vfmgr_mbx_set_lpe(struct vfmgr_pf *pf, unsigned int v, const u32 *msg,
			     const char **why)
{
	u32 size = msg[1];

	if (size < ETH_ZLEN || size > VFMGR_MAX_FRAME) {
		*why = "frame size out of range";
		return -EINVAL;
	}
	/* The admin's cap, if any, applies when the pool is programmed. */
	pf->vfs[v].rx_max_frame = size;
	vfmgr_vf_apply(pf, v);
	return 0;
}

static int vfmgr_mbx_set_promisc(struct vfmgr_pf *pf, unsigned int v,
				 const u32 *msg, const char **why)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int flags = FIELD_GET(VFMGR_MBX_INFO, msg[0]);

	if (flags & ~(VFMGR_MBX_PROMISC_UNICAST | VFMGR_MBX_PROMISC_MULTICAST)) {
		*why = "unknown promiscuous mode";
		return -EINVAL;
	}
	if (flags && !vf->cfg.trusted) {
		*why = "promiscuous mode needs a trusted VF";
		return -EPERM;
	}
	vf->uc_promisc = flags & VFMGR_MBX_PROMISC_UNICAST;
	vf->mc_promisc = flags & VFMGR_MBX_PROMISC_MULTICAST;
	vfmgr_vf_apply(pf, v);
	return 0;
}

/*
 * The reset handshake: forget the VF's requests, program what the admin
 * configured, and hand out the admin MAC.  The reply is the only one
 * without the clear-to-send flag; igbvf matches word 0 exactly.
 */
static void vfmgr_mbx_vf_reset(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u32 reply[3] = { VFMGR_MBX_VF_RESET };

	vfmgr_vf_reset(pf, v);
	vf->cts = vf->cfg.link_state != IFLA_VF_LINK_STATE_DISABLE;
	vfmgr_vf_apply(pf, v);

	if (is_zero_ether_addr(vf->mac)) {
		reply[0] |= VFMGR_MBX_NACK;
	} else {
		reply[0] |= VFMGR_MBX_ACK;
		vfmgr_mac_to_words(vf->mac, &reply[1], &reply[2]);
	}
	vf->cnt.accepted++;
	if (pf->ops->mbx_write(pf, v, reply, ARRAY_SIZE(reply)))
		dev_warn_ratelimited(&pf->pdev->dev, "VF %u: mailbox busy, reset reply lost\n", v);
	pci_dbg(pf->pdev, "VF %u: reset, address %pM\n", v, vf->mac);
}

static const char *vfmgr_mbx_name(u32 type)
{
	switch (type) {
	case VFMGR_MBX_SET_MAC_ADDR:
		return "MAC address";
	case VFMGR_MBX_SET_MULTICAST:
		return "multicast list";
	case VFMGR_MBX_SET_VLAN:
		return "VLAN";
	case VFMGR_MBX_SET_LPE:
		return "frame size";
	case VFMGR_MBX_SET_PROMISC:
		return "promiscuous mode";
	default:
		return "request";
	}
}

static void vfmgr_mbx_receive(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u32 msg[VFMGR_MBX_WORDS];
	const char *why = NULL;
	u32 type;
	int err;

	if (pf->ops->mbx_read(pf, v, msg, VFMGR_MBX_WORDS)) {
		dev_warn_ratelimited(&pf->pdev->dev, "VF %u: mailbox busy, request dropped\n", v);
		return;
	}
	vf->cnt.requests++;
	type = FIELD_GET(VFMGR_MBX_TYPE, msg[0]);

	/* A reply flag means this is not a request: nothing to answer. */
	if (msg[0] & (VFMGR_MBX_ACK | VFMGR_MBX_NACK)) {
		pf->ops->mbx_release(pf, v);
		return;
	}
	if (msg[0] == VFMGR_MBX_VF_RESET) {
		vfmgr_mbx_vf_reset(pf, v);
		return;
	}
	if (!vf->cts) {
		pci_dbg(pf->pdev, "VF %u: request 0x%08x before reset handshake\n", v, msg[0]);
		vf->cnt.refused++;
		if (time_after(jiffies, vf->last_nack + VFMGR_MBX_NACK_INTERVAL)) {
			vf->last_nack = jiffies;
			msg[0] |= VFMGR_MBX_NACK;
			pf->ops->mbx_write(pf, v, msg, 1);
		} else {
			pf->ops->mbx_release(pf, v);
		}
		return;
	}

	switch (type) {
	case VFMGR_MBX_SET_MAC_ADDR:
		err = vfmgr_mbx_set_mac(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_MULTICAST:
		err = vfmgr_mbx_set_multicast(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_VLAN:
		err = vfmgr_mbx_set_vlan(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_LPE:
		err = vfmgr_mbx_set_lpe(pf, v, msg, &why);
		break;
	case VFMGR_MBX_SET_PROMISC:
		err = vfmgr_mbx_set_promisc(pf, v, msg, &why);
		break;
	default:
		why = "unknown message type";
		err = -EOPNOTSUPP;
		break;
	}

	msg[0] &= ~(VFMGR_MBX_ACK | VFMGR_MBX_NACK | VFMGR_MBX_CTS);
	/*
	 * igbvf recognises a refused VLAN only when the reply carries no
	 * info byte, but a refused MAC filter only when it carries it.
	 */
	if (type == VFMGR_MBX_SET_VLAN)
		msg[0] &= ~VFMGR_MBX_INFO;
	msg[0] |= VFMGR_MBX_CTS | (err ? VFMGR_MBX_NACK : VFMGR_MBX_ACK);
	if (err) {
		vfmgr_mbx_refuse(pf, v, vfmgr_mbx_name(type), why);
	} else {
		vf->cnt.accepted++;
		vfmgr_mbx_changed(pf, v, type);
	}
	pci_dbg(pf->pdev, "VF %u: request 0x%08x: %s\n", v, msg[0] & (u32)~VFMGR_MBX_CTS,
		err ? "refused" : "accepted");
	if (pf->ops->mbx_write(pf, v, msg, 1))
		dev_warn_ratelimited(&pf->pdev->dev, "VF %u: mailbox busy, reply lost\n", v);
}

/*
 * The VF read a message of ours.  A VF that lost clear-to-send (the PF
 * was reset, or the admin disabled its link) is told so, at most every
 * two seconds; that refusal is what makes igbvf restart its handshake.
 */
static void vfmgr_mbx_ack(struct vfmgr_pf *pf, unsigned int v)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	u32 nack = VFMGR_MBX_NACK;

	if (vf->cts || !time_after(jiffies, vf->last_nack + VFMGR_MBX_NACK_INTERVAL))
		return;
	pci_dbg(pf->pdev, "VF %u: not clear to send, refusing\n", v);
	vf->last_nack = jiffies;
	pf->ops->mbx_write(pf, v, &nack, 1);
}

/**
 * vfmgr_mbx_work - serve VF resets, requests and acknowledgments
 * @work: the port's mbx_work
 *
 * Per VF, in this order: a function level reset, then a new request,
 * then an acknowledgment, so a request never sees state from before a
 * reset that came first.
 */
void vfmgr_mbx_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(work, struct vfmgr_pf, mbx_work);
	u32 flr, req, ack;
	unsigned int v;

	mutex_lock(&pf->lock);
	pf->ops->mbx_events(pf, &flr, &req, &ack);
	for (v = 0; v < pf->num_vfs; v++) {
		if (flr & BIT(v)) {
			pci_dbg(pf->pdev, "VF %u: function level reset\n", v);
			vfmgr_vf_reset(pf, v);
		}
		if (req & BIT(v))
			vfmgr_mbx_receive(pf, v);
		if (ack & BIT(v))
			vfmgr_mbx_ack(pf, v);
	}
	mutex_unlock(&pf->lock);
}
