// SPDX-License-Identifier: GPL-2.0
/*
 * vfctl's messages on stderr.
 *
 * Only libc is called from here. The callers look up whatever a message
 * needs (the attribute names of a set, the processes holding a VF) and
 * hand it over, so that reporting never calls back into the code that
 * reports.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "genl.h"
#include "report.h"

/* Where in a -batch or restore file the line being run is. */
static struct report_pos report_at;

struct report_pos report_pos_get(void)
{
	return report_at;
}

/* Set by the batch runner for each line, and given back when it ends. */
void report_pos_set(struct report_pos pos)
{
	report_at = pos;
}

void vfctl_err(const char *fmt, ...)
{
	va_list ap;

	/* Keep stdout and stderr in order when both go to one place. */
	fflush(stdout);
	fputs("vfctl: ", stderr);
	if (report_at.file)
		fprintf(stderr, "%s:%lu: ", report_at.file, report_at.line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Name of attribute @type from @names, or its number. */
static void attr_text(char *buf, size_t len, uint32_t type,
		      const char *const *names, size_t n_names)
{
	if (names && type < n_names && names[type])
		snprintf(buf, len, "%s", names[type]);
	else
		snprintf(buf, len, "type %u", type);
}

/*
 * A kernel error with a message is printed as the kernel worded it:
 * "vfctl: MESSAGE", and with @held, who holds the VF the refusal is
 * about: "vfctl: VF 0 is in use through VFIO (held by qemu-system-x86 pid
 * 1234)". Without one: "vfctl: WHAT: ERRNO TEXT", and the attribute the
 * kernel pointed at or found missing, named from @names (indexed by
 * attribute type) when given.
 */
void report_kernel_error(const struct vfctl_ext_ack *ext, int err,
			 const char *what, const char *const *names,
			 size_t n_names, const char *held)
{
	char where[96] = "", attr[48];

	if (err == GENL_DUMP_INTR) {
		vfctl_err("%s: the kernel's answer kept changing while it was read; try again",
			  what);
		return;
	}
	/* The extended ACK belongs to this error only if the kernel sent it. */
	if (ext->error != err || !err) {
		vfctl_err("%s: %s", what, strerror(-err));
		return;
	}
	if (ext->msg[0] && held) {
		vfctl_err("%s (held by %s)", ext->msg, held);
		return;
	}
	if (ext->msg[0]) {
		vfctl_err("%s", ext->msg);
		return;
	}
	if (ext->has_miss_type && ext->has_miss_nest) {
		attr_text(attr, sizeof(attr), ext->miss_type, NULL, 0);
		snprintf(where, sizeof(where),
			 " (missing attribute %s in the nest at offset %u)", attr,
			 ext->miss_nest);
	} else if (ext->has_miss_type) {
		attr_text(attr, sizeof(attr), ext->miss_type, names, n_names);
		snprintf(where, sizeof(where), " (missing attribute %s)", attr);
	} else if (ext->bad_attr >= 0) {
		attr_text(attr, sizeof(attr), (uint32_t)ext->bad_attr, names, n_names);
		snprintf(where, sizeof(where), " (attribute %s)", attr);
	} else if (ext->has_offset) {
		snprintf(where, sizeof(where),
			 " (bad attribute at offset %u)", ext->offset);
	} else if (err == -EPERM) {
		snprintf(where, sizeof(where), " (CAP_NET_ADMIN is needed)");
	}
	if (held)
		vfctl_err("%s: %s%s (held by %s)", what, strerror(-err), where, held);
	else
		vfctl_err("%s: %s%s", what, strerror(-err), where);
}

/* A request that succeeded can still carry a message: the kernel's warning. */
void report_kernel_warning(const struct vfctl_ext_ack *ext)
{
	if (!ext->error && ext->msg[0])
		vfctl_err("warning: %s", ext->msg);
}
