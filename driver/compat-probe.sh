#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Feature probes for driver/compat.h: compile a small test program per
# kernel feature against the target kernel, with the module's own
# compiler flags, and write a header that defines HAVE_<FEATURE> for each
# one that compiles.  Run by Kbuild; the result is rebuilt whenever the
# compiler command line (and so the kernel tree) changes.
#
# Usage: driver/compat-probe.sh OUTPUT CC [CFLAGS...]
#
# POSIX sh: Kbuild runs it with $(CONFIG_SHELL).
#
# Each probe compiles with -Werror, so a probe that only warns (a lost
# const, say) counts as missing.  A sanity probe that must compile guards
# against flags that break every probe and would silently select all the
# fallbacks.  VFMGR_PROBE_VERBOSE=1 prints why each failed probe failed.
set -eu

if [ $# -lt 2 ]; then
	echo "usage: $0 OUTPUT CC [CFLAGS...]" >&2
	exit 2
fi
out=$1
shift

tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out.tmp"' EXIT

names=

# probe NAME < C source: queue one probe.
probe()
{
	names="$names $1"
	cat >"$tmp/$1.c"
}

probe SANITY <<'EOF'
#include <linux/module.h>
int vfmgr_probe(void);
int vfmgr_probe(void)
{
	return 0;
}
EOF

# Split do/dump operations with their own policies (6.2).
probe HAVE_GENL_SPLIT_OPS <<'EOF'
#include <net/genetlink.h>
static const struct genl_split_ops vfmgr_probe_ops[] = {
	{ .cmd = 1, .flags = GENL_CMD_CAP_DO },
};
static struct genl_family vfmgr_probe_family __used = {
	.split_ops	= vfmgr_probe_ops,
	.n_split_ops	= ARRAY_SIZE(vfmgr_probe_ops),
};
EOF

# genl_info_dump(): a struct genl_info for dump callbacks (6.6).
probe HAVE_GENL_INFO_DUMP <<'EOF'
#include <net/genetlink.h>
int vfmgr_probe(struct netlink_callback *cb);
int vfmgr_probe(struct netlink_callback *cb)
{
	return genl_info_dump(cb)->attrs != NULL;
}
EOF

# Capability flags on multicast groups (6.7, and 6.1.y stable).
probe HAVE_GENL_MCAST_FLAGS <<'EOF'
#include <net/genetlink.h>
static const struct genl_multicast_group vfmgr_probe_grp __used = {
	.name	= "probe",
	.flags	= GENL_MCAST_CAP_NET_ADMIN,
};
EOF

# Formatted extack messages (6.2).
probe HAVE_NL_SET_ERR_MSG_FMT <<'EOF'
#include <linux/netlink.h>
void vfmgr_probe(struct netlink_ext_ack *extack, int n);
void vfmgr_probe(struct netlink_ext_ack *extack, int n)
{
	NL_SET_ERR_MSG_FMT(extack, "probe %d", n);
	NL_SET_ERR_MSG_ATTR_FMT(extack, NULL, "probe %d", n);
}
EOF

# Policies point at const range tables (6.2).
probe HAVE_NLA_CONST_RANGE <<'EOF'
#include <net/netlink.h>
static const struct netlink_range_validation vfmgr_probe_range = {
	.max	= 1,
};
static const struct nla_policy vfmgr_probe_policy[2] __used = {
	[1] = NLA_POLICY_FULL_RANGE(NLA_U32, &vfmgr_probe_range),
};
EOF

# driver_override kept in struct device, set through the driver core.
probe HAVE_DEVICE_SET_DRIVER_OVERRIDE <<'EOF'
#include <linux/device.h>
int vfmgr_probe(struct device *dev);
int vfmgr_probe(struct device *dev)
{
	return device_set_driver_override(dev, "probe");
}
EOF

# devlink_info_driver_name_put(): before 6.2 each driver puts its name
# in devlink info; 6.2 moved that to the core and removed the helper.
probe HAVE_DEVLINK_INFO_DRIVER_NAME_PUT <<'EOF'
#include <net/devlink.h>
int vfmgr_probe(struct devlink_info_req *req);
int vfmgr_probe(struct devlink_info_req *req)
{
	return devlink_info_driver_name_put(req, "probe");
}
EOF

# The set callback of a devlink param has an extack (6.10).
probe HAVE_DEVLINK_PARAM_SET_EXTACK <<'EOF'
#include <net/devlink.h>
static int vfmgr_probe_set(struct devlink *devlink, u32 id,
			   struct devlink_param_gset_ctx *ctx,
			   struct netlink_ext_ack *extack)
{
	return 0;
}
static const struct devlink_param vfmgr_probe_param __used =
	DEVLINK_PARAM_DRIVER(DEVLINK_PARAM_GENERIC_ID_MAX + 1, "probe",
			     DEVLINK_PARAM_TYPE_U32,
			     BIT(DEVLINK_PARAM_CMODE_RUNTIME), NULL,
			     vfmgr_probe_set, NULL);
EOF

# The get callback of a devlink param has an extack (newer kernels).
probe HAVE_DEVLINK_PARAM_GET_EXTACK <<'EOF'
#include <net/devlink.h>
static int vfmgr_probe_get(struct devlink *devlink, u32 id,
			   struct devlink_param_gset_ctx *ctx,
			   struct netlink_ext_ack *extack)
{
	return 0;
}
static const struct devlink_param vfmgr_probe_param __used = {
	.get = vfmgr_probe_get,
};
EOF

# The validate callback of a devlink param takes the value by reference
# (newer kernels).
probe HAVE_DEVLINK_PARAM_VALIDATE_REF <<'EOF'
#include <net/devlink.h>
static int vfmgr_probe_validate(struct devlink *devlink, u32 id,
				union devlink_param_value *val,
				struct netlink_ext_ack *extack)
{
	return 0;
}
static const struct devlink_param vfmgr_probe_param __used = {
	.validate = vfmgr_probe_validate,
};
EOF

# A health reporter's graceful period is a default in its ops, and
# devlink_health_reporter_create() no longer takes one (newer kernels).
probe HAVE_DEVLINK_HEALTH_OPS_GRACEFUL_PERIOD <<'EOF'
#include <net/devlink.h>
static const struct devlink_health_reporter_ops vfmgr_probe_ops = {
	.name			= "probe",
	.default_graceful_period = 0,
};
struct devlink_health_reporter *vfmgr_probe(struct devlink *devlink);
struct devlink_health_reporter *vfmgr_probe(struct devlink *devlink)
{
	return devlink_health_reporter_create(devlink, &vfmgr_probe_ops, NULL);
}
EOF

for name in $names; do
	if "$@" -Werror -c -o "$tmp/$name.o" "$tmp/$name.c" >"$tmp/$name.log" 2>&1; then
		echo 1 >"$tmp/$name.result"
	else
		echo 0 >"$tmp/$name.result"
	fi &
done
wait

if [ "$(cat "$tmp/SANITY.result")" != 1 ]; then
	echo "compat-probe: a trivial module does not compile with these flags:" >&2
	cat "$tmp/SANITY.log" >&2
	exit 1
fi

{
	echo "/* Generated by driver/compat-probe.sh: do not edit. */"
	echo "#ifndef _VFMGR_COMPAT_PROBES_H"
	echo "#define _VFMGR_COMPAT_PROBES_H"
	for name in $names; do
		[ "$name" = SANITY ] && continue
		if [ "$(cat "$tmp/$name.result")" = 1 ]; then
			echo "#define $name 1"
		else
			echo "/* #undef $name */"
			if [ "${VFMGR_PROBE_VERBOSE:-0}" = 1 ]; then
				echo "compat-probe: $name: no" >&2
				cat "$tmp/$name.log" >&2
			fi
		fi
	done
	echo "#endif /* _VFMGR_COMPAT_PROBES_H */"
} >"$out.tmp"
mv -f "$out.tmp" "$out"
