// SPDX-License-Identifier: GPL-2.0
/*
 * devlink: one instance per claimed port, named pci/<PCI address>, whose
 * private area holds the port's struct vfmgr_pf.  main.c allocates it
 * first and frees it last; it is registered as the last step of probe and
 * unregistered as the first of remove, so userspace sees it only while
 * the port is whole.
 *
 * It answers `devlink dev info`: the driver, the serial number and the
 * version of the NVM image.  There is no devlink port: one on the PF's
 * interface would give it a phys_port_name, and udev would rename it.
 *
 * Its runtime params are the port's limits on what VFs may ask
 * (vf_mbx_rate, vf_vlan_quota, vf_mac_quota): the values genl pf-set
 * changes, checked by the same mbx.c helper and set under the same lock.
 *
 * Its health reporter, vf_abuse, reports each VF quarantine (mbx.c
 * queues the report, a work item here sends it outside pf->lock: the
 * reporter's operations run under the instance lock and take pf->lock).
 * Diagnose shows every enabled VF's mailbox counters, the dump taken at
 * a report shows what tripped the quarantine and the last messages the
 * VF sent, and the admin's recover releases every quarantined VF as
 * vf-reset does.  devlink's own automatic recovery is refused: only the
 * admin ends a quarantine.
 *
 * Lock order: the instance lock, then pf->lock.
 */
#include <linux/bitops.h>
#include <linux/etherdevice.h>
#include <net/devlink.h>

#include "vfmgr.h"

/*
 * The PCIe Device Serial Number as devlink drivers print it (bytes from
 * the most significant, dash separated), or, on a port without that
 * capability (QEMU's model has none), its permanent station address.
 */
static int vfmgr_dl_info_serial(struct vfmgr_pf *pf, struct devlink_info_req *req)
{
	__be64 dsn = cpu_to_be64(pci_get_dsn(pf->pdev));
	char buf[3 * sizeof(dsn)];

	if (dsn)
		snprintf(buf, sizeof(buf), "%8phD", &dsn);
	else
		snprintf(buf, sizeof(buf), "%pM", pf->perm_addr);
	return devlink_info_serial_number_put(req, buf);
}

/*
 * The NVM image version under the names Intel's devlink drivers (i40e,
 * ice) give it: fw.psid.api for the image version, fw.bundle_id for its
 * EETRACK id.  The image version reads as igb's `ethtool -i` prints it
 * for the same port.  An NVM that does not answer leaves them out rather
 * than failing the request, which would also end a dump of every device.
 */
static int vfmgr_dl_info_nvm(struct vfmgr_pf *pf, struct devlink_info_req *req)
{
	struct vfmgr_hw_nvm_version ver;
	char buf[16];
	int err;

	mutex_lock(&pf->lock);
	err = pf->ops->nvm_version(pf, &ver);
	mutex_unlock(&pf->lock);
	if (err == -ENODATA)
		return 0;
	if (err) {
		dev_warn_ratelimited(&pf->pdev->dev, "cannot read the NVM version: %pe\n",
				     ERR_PTR(err));
		return 0;
	}

	if (ver.etrack)
		snprintf(buf, sizeof(buf), "%u.%u", ver.major, ver.minor);
	else
		snprintf(buf, sizeof(buf), "%u.%u.%u", ver.major, ver.minor, ver.image);
	err = devlink_info_version_running_put(req, DEVLINK_INFO_VERSION_GENERIC_FW_PSID ".api",
					       buf);
	if (err || !ver.etrack)
		return err;
	snprintf(buf, sizeof(buf), "0x%08x", ver.etrack);
	return devlink_info_version_running_put(req, DEVLINK_INFO_VERSION_GENERIC_FW_BUNDLE_ID,
						buf);
}

static int vfmgr_dl_info_get(struct devlink *devlink, struct devlink_info_req *req,
			     struct netlink_ext_ack *extack)
{
	struct vfmgr_pf *pf = devlink_priv(devlink);
	int err;

	err = vfmgr_compat_devlink_info_driver(req, VFMGR_DRV_NAME);
	if (!err)
		err = vfmgr_dl_info_serial(pf, req);
	if (!err)
		err = vfmgr_dl_info_nvm(pf, req);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "device information does not fit the message");
	return err;
}

static const struct devlink_ops vfmgr_dl_ops = {
	.info_get = vfmgr_dl_info_get,
};

enum vfmgr_dl_param_id {
	VFMGR_DL_PARAM_ID_BASE = DEVLINK_PARAM_GENERIC_ID_MAX,
	VFMGR_DL_PARAM_ID_VF_MBX_RATE,
	VFMGR_DL_PARAM_ID_VF_VLAN_QUOTA,
	VFMGR_DL_PARAM_ID_VF_MAC_QUOTA,
};

/* Each param's name and the port limit it is. */
static const struct {
	u32 id;
	const char *name;
	enum vfmgr_mbx_limit limit;
} vfmgr_dl_limits[] = {
	{ VFMGR_DL_PARAM_ID_VF_MBX_RATE, "vf_mbx_rate", VFMGR_MBX_LIMIT_MBX_RATE },
	{ VFMGR_DL_PARAM_ID_VF_VLAN_QUOTA, "vf_vlan_quota", VFMGR_MBX_LIMIT_VLAN_QUOTA },
	{ VFMGR_DL_PARAM_ID_VF_MAC_QUOTA, "vf_mac_quota", VFMGR_MBX_LIMIT_MAC_QUOTA },
};

/* The entry of vfmgr_dl_limits for param @id; devlink only passes ours. */
static unsigned int vfmgr_dl_param_idx(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vfmgr_dl_limits) - 1; i++)
		if (vfmgr_dl_limits[i].id == id)
			break;
	return i;
}

/* The same range check as genl pf-set, with a message naming the param. */
static int vfmgr_dl_param_check(u32 id, u32 val, struct netlink_ext_ack *extack)
{
	unsigned int i = vfmgr_dl_param_idx(id);
	u32 max;
	int err;

	err = vfmgr_mbx_limit_check(vfmgr_dl_limits[i].limit, val, &max);
	if (err)
		NL_SET_ERR_MSG_FMT(extack, "%s must be at most %u (not %u)",
				   vfmgr_dl_limits[i].name, max, val);
	return err;
}

static int vfmgr_dl_param_validate(struct devlink *devlink, u32 id,
				   union devlink_param_value *val,
				   struct netlink_ext_ack *extack)
{
	return vfmgr_dl_param_check(id, val->vu32, extack);
}

VFMGR_COMPAT_PARAM_VALIDATE(vfmgr_dl_param_validate);

static int vfmgr_dl_param_get(struct devlink *devlink, u32 id,
			      struct devlink_param_gset_ctx *ctx,
			      struct netlink_ext_ack *extack)
{
	struct vfmgr_pf *pf = devlink_priv(devlink);

	mutex_lock(&pf->lock);
	ctx->val.vu32 = vfmgr_mbx_limit_get(pf, vfmgr_dl_limits[vfmgr_dl_param_idx(id)].limit);
	mutex_unlock(&pf->lock);
	return 0;
}

VFMGR_COMPAT_PARAM_GET(vfmgr_dl_param_get);

/* devlink validated the value already; checked again all the same. */
static int vfmgr_dl_param_set(struct devlink *devlink, u32 id,
			      struct devlink_param_gset_ctx *ctx,
			      struct netlink_ext_ack *extack)
{
	struct vfmgr_pf *pf = devlink_priv(devlink);
	int err;

	err = vfmgr_dl_param_check(id, ctx->val.vu32, extack);
	if (err)
		return err;
	mutex_lock(&pf->lock);
	vfmgr_mbx_limit_set(pf, vfmgr_dl_limits[vfmgr_dl_param_idx(id)].limit, ctx->val.vu32);
	mutex_unlock(&pf->lock);
	return 0;
}

VFMGR_COMPAT_PARAM_SET(vfmgr_dl_param_set);

#define VFMGR_DL_PARAM(_id, _name)						\
	DEVLINK_PARAM_DRIVER(VFMGR_DL_PARAM_ID_##_id, _name, DEVLINK_PARAM_TYPE_U32,	\
			     BIT(DEVLINK_PARAM_CMODE_RUNTIME),				\
			     vfmgr_compat_param_get(vfmgr_dl_param_get),		\
			     vfmgr_compat_param_set(vfmgr_dl_param_set),		\
			     vfmgr_compat_param_validate(vfmgr_dl_param_validate))

static const struct devlink_param vfmgr_dl_params[] = {
	VFMGR_DL_PARAM(VF_MBX_RATE, "vf_mbx_rate"),
	VFMGR_DL_PARAM(VF_VLAN_QUOTA, "vf_vlan_quota"),
	VFMGR_DL_PARAM(VF_MAC_QUOTA, "vf_mac_quota"),
};

/*
 * What the vf_abuse reporter shows of one VF: the context of a report,
 * and of a dump the admin asks for.
 */
struct vfmgr_dl_abuse {
	unsigned int vf;
	bool quarantined;
	struct vfmgr_vf_trip trip;
	struct vfmgr_vf_counters cnt;
	unsigned int num_msgs;
	u32 msgs[VFMGR_VF_LAST_MSGS][VFMGR_VF_MSG_WORDS];
};

/* Copy VF @v's quarantine and last messages (oldest first) into @a. */
static void vfmgr_dl_abuse_snapshot(struct vfmgr_pf *pf, unsigned int v,
				    struct vfmgr_dl_abuse *a)
{
	struct vfmgr_vf *vf = &pf->vfs[v];
	unsigned int i, first;

	lockdep_assert_held(&pf->lock);
	a->vf = v;
	a->quarantined = vf->quarantined;
	a->trip = vf->trip;
	a->cnt = vf->cnt;
	a->num_msgs = vf->num_last_msgs;
	first = (vf->last_msg_next + VFMGR_VF_LAST_MSGS - vf->num_last_msgs) %
		VFMGR_VF_LAST_MSGS;
	for (i = 0; i < a->num_msgs; i++)
		memcpy(a->msgs[i], vf->last_msgs[(first + i) % VFMGR_VF_LAST_MSGS],
		       sizeof(a->msgs[i]));
}

/* One message as hex words, without the unused words at its end. */
static void vfmgr_dl_msg_string(const u32 *msg, char *buf, size_t len)
{
	unsigned int n = VFMGR_VF_MSG_WORDS, i;
	size_t off = 0;

	while (n > 1 && !msg[n - 1])
		n--;
	for (i = 0; i < n && off < len; i++)
		off += scnprintf(buf + off, len - off, "%s%08x", i ? " " : "", msg[i]);
}

static void vfmgr_dl_abuse_put(struct devlink_fmsg *fmsg, const struct vfmgr_dl_abuse *a)
{
	char buf[VFMGR_VF_MSG_WORDS * 9 + 1];
	unsigned int i;

	devlink_fmsg_u32_pair_put(fmsg, "vf", a->vf);
	devlink_fmsg_bool_pair_put(fmsg, "quarantined", a->quarantined);
	devlink_fmsg_u32_pair_put(fmsg, "messages", a->trip.msgs);
	devlink_fmsg_u32_pair_put(fmsg, "window_ms", a->trip.ms);
	devlink_fmsg_u32_pair_put(fmsg, "limit", a->trip.limit);
	devlink_fmsg_u64_pair_put(fmsg, "requests", a->cnt.requests);
	devlink_fmsg_u64_pair_put(fmsg, "accepted", a->cnt.accepted);
	devlink_fmsg_u64_pair_put(fmsg, "refused", a->cnt.refused);
	devlink_fmsg_u64_pair_put(fmsg, "ignored", a->cnt.ignored);
	devlink_fmsg_u64_pair_put(fmsg, "quarantines", a->cnt.quarantines);
	devlink_fmsg_arr_pair_nest_start(fmsg, "last_messages");
	for (i = 0; i < a->num_msgs; i++) {
		vfmgr_dl_msg_string(a->msgs[i], buf, sizeof(buf));
		devlink_fmsg_string_put(fmsg, buf);
	}
	devlink_fmsg_arr_pair_nest_end(fmsg);
}

/*
 * The dump: at a report (@priv_ctx set), that quarantine; asked for when
 * none is stored, every VF quarantined now.
 */
static int vfmgr_dl_abuse_dump(struct devlink_health_reporter *reporter,
			       struct devlink_fmsg *fmsg, void *priv_ctx,
			       struct netlink_ext_ack *extack)
{
	struct vfmgr_pf *pf = devlink_health_reporter_priv(reporter);
	struct vfmgr_dl_abuse *a;
	unsigned int v;

	if (priv_ctx) {
		vfmgr_dl_abuse_put(fmsg, priv_ctx);
		return 0;
	}

	a = kmalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	devlink_fmsg_arr_pair_nest_start(fmsg, "vfs");
	for (v = 0; v < VFMGR_MAX_VFS; v++) {
		mutex_lock(&pf->lock);
		vfmgr_dl_abuse_snapshot(pf, v, a);
		mutex_unlock(&pf->lock);
		if (!a->quarantined)
			continue;
		devlink_fmsg_obj_nest_start(fmsg);
		vfmgr_dl_abuse_put(fmsg, a);
		devlink_fmsg_obj_nest_end(fmsg);
	}
	devlink_fmsg_arr_pair_nest_end(fmsg);
	kfree(a);
	return 0;
}

/* Every enabled VF's mailbox counters and whether it is quarantined. */
static int vfmgr_dl_abuse_diagnose(struct devlink_health_reporter *reporter,
				   struct devlink_fmsg *fmsg,
				   struct netlink_ext_ack *extack)
{
	struct vfmgr_pf *pf = devlink_health_reporter_priv(reporter);
	unsigned int v;

	mutex_lock(&pf->lock);
	devlink_fmsg_arr_pair_nest_start(fmsg, "vfs");
	for (v = 0; v < pf->num_vfs; v++) {
		const struct vfmgr_vf *vf = &pf->vfs[v];

		devlink_fmsg_obj_nest_start(fmsg);
		devlink_fmsg_u32_pair_put(fmsg, "vf", v);
		devlink_fmsg_u64_pair_put(fmsg, "requests", vf->cnt.requests);
		devlink_fmsg_u64_pair_put(fmsg, "refused", vf->cnt.refused);
		devlink_fmsg_u64_pair_put(fmsg, "ignored", vf->cnt.ignored);
		devlink_fmsg_u64_pair_put(fmsg, "quarantines", vf->cnt.quarantines);
		devlink_fmsg_bool_pair_put(fmsg, "quarantined", vf->quarantined);
		devlink_fmsg_obj_nest_end(fmsg);
	}
	devlink_fmsg_arr_pair_nest_end(fmsg);
	mutex_unlock(&pf->lock);
	return 0;
}

/*
 * devlink_health_report() recovers at once, with the report's context,
 * while auto_recover is on (the default for a reporter with a recover
 * op).  Only the admin ends a quarantine, so that is refused, and the
 * reporter stays in error.  The admin's `devlink health recover` comes
 * without a context: it releases every quarantined VF, as vf-reset does
 * one.
 */
static int vfmgr_dl_abuse_recover(struct devlink_health_reporter *reporter,
				  void *priv_ctx, struct netlink_ext_ack *extack)
{
	struct vfmgr_pf *pf = devlink_health_reporter_priv(reporter);
	unsigned int v;

	if (priv_ctx) {
		NL_SET_ERR_MSG_MOD(extack, "only the admin releases a quarantined VF");
		return -EPERM;
	}
	mutex_lock(&pf->lock);
	for (v = 0; v < VFMGR_MAX_VFS; v++)
		vfmgr_mbx_release(pf, v);
	mutex_unlock(&pf->lock);
	return 0;
}

/* No graceful period: there is no automatic recovery to space out. */
static const struct devlink_health_reporter_ops vfmgr_dl_abuse_ops = {
	.name = "vf_abuse",
	.recover = vfmgr_dl_abuse_recover,
	.dump = vfmgr_dl_abuse_dump,
	.diagnose = vfmgr_dl_abuse_diagnose,
};

/*
 * Report the quarantines mbx.c queued, one at a time, outside pf->lock.
 * The context (some 600 bytes) is on the stack: a report is not lost to
 * an allocation failure.
 */
static void vfmgr_dl_abuse_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(work, struct vfmgr_pf, abuse_work);
	struct vfmgr_dl_abuse a;
	unsigned int v;
	char msg[96];

	for (;;) {
		mutex_lock(&pf->lock);
		v = find_first_bit(&pf->abuse_pending, VFMGR_MAX_VFS);
		if (v < VFMGR_MAX_VFS) {
			clear_bit(v, &pf->abuse_pending);
			vfmgr_dl_abuse_snapshot(pf, v, &a);
		}
		mutex_unlock(&pf->lock);
		if (v >= VFMGR_MAX_VFS)
			return;
		snprintf(msg, sizeof(msg), "VF %u quarantined: %u messages in %u ms (limit %u/s)",
			 v, a.trip.msgs, a.trip.ms, a.trip.limit);
		/* Fails by design: its automatic recovery is refused. */
		devlink_health_report(pf->abuse_reporter, msg, &a);
	}
}

/**
 * vfmgr_dl_alloc - allocate a port's devlink instance
 * @pdev: the port
 *
 * Context: probe.
 * Return: the port's struct vfmgr_pf, zeroed, in the instance's private
 * area; NULL when out of memory.
 */
struct vfmgr_pf *vfmgr_dl_alloc(struct pci_dev *pdev)
{
	struct devlink *devlink;

	devlink = devlink_alloc(&vfmgr_dl_ops, sizeof(struct vfmgr_pf), &pdev->dev);
	return devlink ? devlink_priv(devlink) : NULL;
}

/**
 * vfmgr_dl_free - free a port's devlink instance, and so the port
 * @pf: the port, from vfmgr_dl_alloc(), unregistered
 *
 * Context: probe or remove; @pf is gone once this returns.
 */
void vfmgr_dl_free(struct vfmgr_pf *pf)
{
	devlink_free(priv_to_devlink(pf));
}

/**
 * vfmgr_dl_init - give a port's devlink instance its params and reporter
 * @pf: the port, from vfmgr_dl_alloc(), its lock initialised
 *
 * Before vfmgr_dl_register(): 6.1 takes params only on an instance not
 * registered yet.  Nothing reaches them until then.
 *
 * Context: probe.
 * Return: 0 or a negative errno.
 */
int vfmgr_dl_init(struct vfmgr_pf *pf)
{
	struct devlink *devlink = priv_to_devlink(pf);
	struct devlink_health_reporter *reporter;
	int err;

	INIT_WORK(&pf->abuse_work, vfmgr_dl_abuse_work);
	err = devlink_params_register(devlink, vfmgr_dl_params, ARRAY_SIZE(vfmgr_dl_params));
	if (err)
		return err;
	reporter = devlink_health_reporter_create(devlink, &vfmgr_dl_abuse_ops, pf);
	if (IS_ERR(reporter)) {
		err = PTR_ERR(reporter);
		goto err_unregister_params;
	}
	pf->abuse_reporter = reporter;
	return 0;

err_unregister_params:
	devlink_params_unregister(devlink, vfmgr_dl_params, ARRAY_SIZE(vfmgr_dl_params));
	return err;
}

/**
 * vfmgr_dl_fini - undo vfmgr_dl_init()
 * @pf: the port, its instance unregistered
 *
 * Context: probe or remove.
 */
void vfmgr_dl_fini(struct vfmgr_pf *pf)
{
	struct devlink *devlink = priv_to_devlink(pf);

	devlink_health_reporter_destroy(pf->abuse_reporter);
	pf->abuse_reporter = NULL;
	devlink_params_unregister(devlink, vfmgr_dl_params, ARRAY_SIZE(vfmgr_dl_params));
}

/**
 * vfmgr_dl_register - show the port's devlink instance to userspace
 * @pf: the port, ready for every devlink operation
 *
 * From here on, quarantines are reported to the vf_abuse reporter.
 *
 * Context: the last step of probe.
 */
void vfmgr_dl_register(struct vfmgr_pf *pf)
{
	devlink_register(priv_to_devlink(pf));
	mutex_lock(&pf->lock);
	pf->abuse_report = true;
	mutex_unlock(&pf->lock);
}

/**
 * vfmgr_dl_unregister - hide the port's devlink instance
 * @pf: the port
 *
 * No devlink operation runs on @pf once this returns, and no quarantine
 * is reported any more.
 *
 * Context: the first step of remove.
 */
void vfmgr_dl_unregister(struct vfmgr_pf *pf)
{
	mutex_lock(&pf->lock);
	pf->abuse_report = false;
	mutex_unlock(&pf->lock);
	cancel_work_sync(&pf->abuse_work);
	devlink_unregister(priv_to_devlink(pf));
}
