// SPDX-License-Identifier: GPL-2.0
/*
 * The vfmgr family's registration, its registry of claimed ports, and the
 * notifications every layer sends to the events group (see family.h).
 *
 * The registry's mutex protects the list only: it is held to add, remove
 * or look up a port, never while a request works on one.  A request holds
 * a reference instead, and a port being released waits for those (each
 * is short: no handler blocks while holding one).
 */
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "vfmgr.h"

static LIST_HEAD(vfmgr_fam_ports);
static DEFINE_MUTEX(vfmgr_fam_lock);	/* protects vfmgr_fam_ports */
/* Changes whenever what a dump shows changes shape. */
static atomic_t vfmgr_fam_gen_count = ATOMIC_INIT(1);

/* The family's one multicast group, admin only. */
enum { VFMGR_FAM_GRP_EVENTS };

/*
 * The spec marks the events group admin-only; the 6.12 generator drops
 * group flags, so the group table with its flags is given here.
 */
static const struct genl_multicast_group vfmgr_fam_mcgrps[] = {
	[VFMGR_FAM_GRP_EVENTS] = {
		.name = VFMGR_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

/**
 * vfmgr_fam_init - register the family
 *
 * Return: 0 or a negative errno.
 */
int vfmgr_fam_init(void)
{
	/*
	 * The family controls host hardware: it stays in the initial
	 * network namespace (the generated table allows every namespace).
	 */
	vfmgr_nl_family.netnsok = false;
	vfmgr_nl_family.mcgrps = vfmgr_fam_mcgrps;
	vfmgr_nl_family.n_mcgrps = ARRAY_SIZE(vfmgr_fam_mcgrps);
	return genl_register_family(&vfmgr_nl_family);
}

/**
 * vfmgr_fam_exit - unregister the family
 */
void vfmgr_fam_exit(void)
{
	genl_unregister_family(&vfmgr_nl_family);
}

/**
 * vfmgr_fam_changed - what a dump shows changed shape
 *
 * A port or VFs were added or removed; dumps in progress are flagged.
 */
void vfmgr_fam_changed(void)
{
	atomic_inc(&vfmgr_fam_gen_count);
}

/**
 * vfmgr_fam_gen - the current dump generation
 *
 * Return: a number that changes whenever vfmgr_fam_changed() is called.
 */
u32 vfmgr_fam_gen(void)
{
	return atomic_read(&vfmgr_fam_gen_count);
}

/* Build and send one queued notification. */
static void vfmgr_fam_send(struct vfmgr_pf *pf, const struct vfmgr_fam_event *ev)
{
	int text_attr = ev->event == VFMGR_EVENT_REFUSED ? VFMGR_A_VF_REASON :
			VFMGR_A_VF_DRIVER;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &vfmgr_nl_family, 0, VFMGR_CMD_VF_EVENT);
	if (!hdr)
		goto err_free_msg;
	if (nla_put_string(msg, VFMGR_A_VF_PF_PCI, pci_name(pf->pdev)) ||
	    nla_put_u32(msg, VFMGR_A_VF_ID, ev->vf) ||
	    nla_put_u32(msg, VFMGR_A_VF_EVENT, ev->event) ||
	    (ev->source >= 0 && nla_put_u32(msg, VFMGR_A_VF_SOURCE, ev->source)) ||
	    (ev->text[0] && nla_put_string(msg, text_attr, ev->text)))
		goto err_free_msg;
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&vfmgr_nl_family, msg, 0, VFMGR_FAM_GRP_EVENTS, GFP_KERNEL);
	return;

err_free_msg:
	nlmsg_free(msg);
}

static void vfmgr_fam_ev_work(struct work_struct *work)
{
	struct vfmgr_fam_port *fp = container_of(work, struct vfmgr_fam_port, ev_work);
	struct vfmgr_pf *pf = container_of(fp, struct vfmgr_pf, fam);
	struct vfmgr_fam_event ev;

	for (;;) {
		spin_lock_bh(&fp->ev_lock);
		if (!fp->ev_len) {
			spin_unlock_bh(&fp->ev_lock);
			return;
		}
		ev = fp->ev[fp->ev_head];
		fp->ev_head = (fp->ev_head + 1) % VFMGR_FAM_QUEUE;
		fp->ev_len--;
		spin_unlock_bh(&fp->ev_lock);
		vfmgr_fam_send(pf, &ev);
	}
}

/*
 * Queue one notification.  Cheap when nobody listens; never sleeps, so it
 * may be called under any lock.
 */
static void vfmgr_fam_queue(struct vfmgr_pf *pf, unsigned int vf, enum vfmgr_event event,
			    int source, const char *text)
{
	struct vfmgr_fam_port *fp = &pf->fam;
	struct vfmgr_fam_event *ev;

	if (!genl_has_listeners(&vfmgr_nl_family, &init_net, VFMGR_FAM_GRP_EVENTS))
		return;
	spin_lock_bh(&fp->ev_lock);
	if (fp->stopped) {
		spin_unlock_bh(&fp->ev_lock);
		return;
	}
	if (fp->ev_len == VFMGR_FAM_QUEUE) {
		fp->ev_dropped++;
		spin_unlock_bh(&fp->ev_lock);
		return;
	}
	ev = &fp->ev[(fp->ev_head + fp->ev_len) % VFMGR_FAM_QUEUE];
	fp->ev_len++;
	ev->vf = vf;
	ev->event = event;
	ev->source = source;
	strscpy(ev->text, text ?: "", sizeof(ev->text));
	spin_unlock_bh(&fp->ev_lock);
	queue_work(system_wq, &fp->ev_work);
}

/* Events a VF can cause at will pass its rate limit. */
static bool vfmgr_fam_vf_may(struct vfmgr_pf *pf, unsigned int vf)
{
	return vf < VFMGR_MAX_VFS && __ratelimit(&pf->vfs[vf].event_rs);
}

/**
 * vfmgr_fam_notify_vf - report a VF created, removed, unbound, opened, closed
 * or released from quarantine
 * @pf: the VF's port
 * @vf: VF index
 * @event: VFMGR_EVENT_CREATED, _REMOVED, _UNBOUND, _OPENED, _CLOSED or
 *	_RELEASED
 *
 * Context: any process context, any vfmgr lock may be held.
 */
void vfmgr_fam_notify_vf(struct vfmgr_pf *pf, unsigned int vf, enum vfmgr_event event)
{
	vfmgr_fam_queue(pf, vf, event, -1, NULL);
}

/**
 * vfmgr_fam_notify_reset - report a VF reset
 * @pf: the VF's port
 * @vf: VF index
 *
 * A VF may reset itself at will: these are rate limited per VF.
 *
 * Context: any process context, any vfmgr lock may be held.
 */
void vfmgr_fam_notify_reset(struct vfmgr_pf *pf, unsigned int vf)
{
	if (vfmgr_fam_vf_may(pf, vf))
		vfmgr_fam_queue(pf, vf, VFMGR_EVENT_RESET, -1, NULL);
}

/**
 * vfmgr_fam_notify_bound - report a driver bound to a VF
 * @pf: the VF's port
 * @vf: VF index
 * @driver: the driver's name
 *
 * Context: any process context, any vfmgr lock may be held.
 */
void vfmgr_fam_notify_bound(struct vfmgr_pf *pf, unsigned int vf, const char *driver)
{
	vfmgr_fam_queue(pf, vf, VFMGR_EVENT_BOUND, -1, driver);
}

/**
 * vfmgr_fam_notify_refused - report a VF's mailbox request refused
 * @pf: the VF's port
 * @vf: VF index
 * @what: the request
 * @why: the reason
 *
 * Rate limited per VF: a VF can send refused requests as fast as it likes.
 *
 * Context: any process context, any vfmgr lock may be held.
 */
void vfmgr_fam_notify_refused(struct vfmgr_pf *pf, unsigned int vf, const char *what,
			      const char *why)
{
	char reason[VFMGR_FAM_TEXT_LEN];

	if (!vfmgr_fam_vf_may(pf, vf))
		return;
	snprintf(reason, sizeof(reason), "%s: %s", what, why);
	vfmgr_fam_queue(pf, vf, VFMGR_EVENT_REFUSED, -1, reason);
}

/**
 * vfmgr_fam_notify_withdrawn - report the PF took back what a VF had
 * @pf: the VF's port
 * @vf: VF index
 * @why: what, and why
 *
 * The admin's doing, so not rate limited.
 *
 * Context: any process context, any vfmgr lock may be held.
 */
void vfmgr_fam_notify_withdrawn(struct vfmgr_pf *pf, unsigned int vf, const char *why)
{
	vfmgr_fam_queue(pf, vf, VFMGR_EVENT_WITHDRAWN, -1, why);
}

/**
 * vfmgr_fam_notify_quarantined - report a VF was quarantined
 * @pf: the VF's port
 * @vf: VF index
 * @why: the counts that tripped it
 *
 * Once per quarantine; not rate limited (the VF is not served meanwhile).
 *
 * Context: any process context, any vfmgr lock may be held.
 */
void vfmgr_fam_notify_quarantined(struct vfmgr_pf *pf, unsigned int vf, const char *why)
{
	vfmgr_fam_queue(pf, vf, VFMGR_EVENT_QUARANTINED, -1, why);
}

/**
 * vfmgr_fam_notify_changed - report a VF's configuration changed
 * @pf: the VF's port
 * @vf: VF index
 * @source: the path the change came through
 *
 * Changes the VF makes itself (VFMGR_SOURCE_VF) are rate limited per VF.
 *
 * Context: any process context, any vfmgr lock may be held.
 */
void vfmgr_fam_notify_changed(struct vfmgr_pf *pf, unsigned int vf,
			      enum vfmgr_source source)
{
	if (source == VFMGR_SOURCE_VF && !vfmgr_fam_vf_may(pf, vf))
		return;
	vfmgr_fam_queue(pf, vf, VFMGR_EVENT_CONFIG_CHANGED, source, NULL);
}

/**
 * vfmgr_fam_port_init - prepare a port's family state
 * @pf: a port being claimed, before anything can notify about it
 */
void vfmgr_fam_port_init(struct vfmgr_pf *pf)
{
	struct vfmgr_fam_port *fp = &pf->fam;

	INIT_LIST_HEAD(&fp->node);
	refcount_set(&fp->ref, 1);
	init_completion(&fp->released);
	spin_lock_init(&fp->ev_lock);
	INIT_WORK(&fp->ev_work, vfmgr_fam_ev_work);
}

/**
 * vfmgr_fam_port_add - make a claimed port reachable through the family
 * @pf: the port, fully set up
 */
void vfmgr_fam_port_add(struct vfmgr_pf *pf)
{
	mutex_lock(&vfmgr_fam_lock);
	list_add_tail(&pf->fam.node, &vfmgr_fam_ports);
	vfmgr_fam_changed();
	mutex_unlock(&vfmgr_fam_lock);
}

/**
 * vfmgr_fam_port_del - remove a port from the family's view
 * @pf: the port, before it is torn down
 *
 * Returns once no request holds a reference to @pf.  Notifications may
 * still be raised until vfmgr_fam_port_stop().
 */
void vfmgr_fam_port_del(struct vfmgr_pf *pf)
{
	mutex_lock(&vfmgr_fam_lock);
	list_del_init(&pf->fam.node);
	vfmgr_fam_changed();
	mutex_unlock(&vfmgr_fam_lock);
	vfmgr_fam_port_put(pf);
	wait_for_completion(&pf->fam.released);
}

/**
 * vfmgr_fam_port_stop - send what is queued for a port and queue no more
 * @pf: a port being released, after its last notification
 */
void vfmgr_fam_port_stop(struct vfmgr_pf *pf)
{
	struct vfmgr_fam_port *fp = &pf->fam;

	flush_work(&fp->ev_work);
	spin_lock_bh(&fp->ev_lock);
	fp->stopped = true;
	spin_unlock_bh(&fp->ev_lock);
	cancel_work_sync(&fp->ev_work);
	if (fp->ev_dropped)
		pci_info(pf->pdev, "%llu events dropped: the queue was full\n",
			 fp->ev_dropped);
}

static struct vfmgr_pf *vfmgr_fam_hold(struct vfmgr_fam_port *fp)
{
	lockdep_assert_held(&vfmgr_fam_lock);
	refcount_inc(&fp->ref);
	return container_of(fp, struct vfmgr_pf, fam);
}

/**
 * vfmgr_fam_port_get - find a claimed port by PCI address and hold it
 * @pci: the port's PCI address, as pci_name() gives it
 *
 * Return: the port with a reference held (vfmgr_fam_port_put() it), or
 * NULL.
 */
struct vfmgr_pf *vfmgr_fam_port_get(const char *pci)
{
	struct vfmgr_pf *pf = NULL;
	struct vfmgr_fam_port *fp;

	mutex_lock(&vfmgr_fam_lock);
	list_for_each_entry(fp, &vfmgr_fam_ports, node) {
		struct vfmgr_pf *p = container_of(fp, struct vfmgr_pf, fam);

		if (!strcmp(pci_name(p->pdev), pci)) {
			pf = vfmgr_fam_hold(fp);
			break;
		}
	}
	mutex_unlock(&vfmgr_fam_lock);
	return pf;
}

/**
 * vfmgr_fam_port_get_nth - the claimed port at a position, held
 * @idx: position in claim order, from 0
 *
 * For dumps, which resume at a position.
 *
 * Return: the port with a reference held (vfmgr_fam_port_put() it), or
 * NULL past the last one.
 */
struct vfmgr_pf *vfmgr_fam_port_get_nth(unsigned long idx)
{
	struct vfmgr_pf *pf = NULL;
	struct vfmgr_fam_port *fp;

	mutex_lock(&vfmgr_fam_lock);
	list_for_each_entry(fp, &vfmgr_fam_ports, node) {
		if (!idx--) {
			pf = vfmgr_fam_hold(fp);
			break;
		}
	}
	mutex_unlock(&vfmgr_fam_lock);
	return pf;
}

/**
 * vfmgr_fam_port_put - drop a reference taken by vfmgr_fam_port_get*()
 * @pf: the port
 */
void vfmgr_fam_port_put(struct vfmgr_pf *pf)
{
	if (refcount_dec_and_test(&pf->fam.ref))
		complete(&pf->fam.released);
}
