// SPDX-License-Identifier: GPL-2.0
/*
 * aer-inject: make the kernel's AER core see a PCIe error on a device,
 * through the aer_inject module's /dev/aer_inject.  The module fakes the
 * device's and its root port's AER status and raises the root port's
 * AER interrupt, so the error is handled exactly as a real one: logged
 * (correctable) or recovered through the drivers' error handlers
 * (non-fatal: the channel stays up; fatal: the link is reset).
 *
 *   aer-inject BDF correctable|nonfatal|fatal
 *
 * The status bits are those of the AER capability (PCIe base spec,
 * "Advanced Error Reporting Capability"): a receiver error for the
 * correctable case, a completion timeout (non-fatal by the default
 * severity register) and a malformed TLP (fatal by default).
 *
 * Exit status: 0 injected, 1 failure, 2 usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define AER_COR_RECEIVER_ERROR		0x00000001u
#define AER_UNC_COMPLETION_TIMEOUT	0x00004000u
#define AER_UNC_MALFORMED_TLP		0x00040000u

/* The record /dev/aer_inject takes (include/linux/aer.h's layout). */
struct aer_inject_record {
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
	uint32_t uncor_status;
	uint32_t cor_status;
	uint32_t header_log[4];
	uint32_t domain;
};

static int usage(FILE *f)
{
	fprintf(f, "usage: aer-inject BDF correctable|nonfatal|fatal\n"
		   "  BDF is DOMAIN:BUS:DEV.FN, as in /sys/bus/pci/devices.\n"
		   "  Needs the aer_inject module (/dev/aer_inject).\n");
	return f == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
	struct aer_inject_record rec;
	unsigned int domain, bus, dev, fn;
	ssize_t n;
	int fd;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage(stdout);
	if (argc != 3 || sscanf(argv[1], "%x:%x:%x.%x", &domain, &bus, &dev, &fn) != 4 ||
	    bus > 0xff || dev > 0x1f || fn > 7)
		return usage(stderr);

	memset(&rec, 0, sizeof(rec));
	rec.domain = domain;
	rec.bus = bus;
	rec.dev = dev;
	rec.fn = fn;
	if (!strcmp(argv[2], "correctable"))
		rec.cor_status = AER_COR_RECEIVER_ERROR;
	else if (!strcmp(argv[2], "nonfatal"))
		rec.uncor_status = AER_UNC_COMPLETION_TIMEOUT;
	else if (!strcmp(argv[2], "fatal"))
		rec.uncor_status = AER_UNC_MALFORMED_TLP;
	else
		return usage(stderr);

	fd = open("/dev/aer_inject", O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "aer-inject: /dev/aer_inject: %s (is aer_inject loaded?)\n",
			strerror(errno));
		return 1;
	}
	n = write(fd, &rec, sizeof(rec));
	if (n != (ssize_t)sizeof(rec)) {
		fprintf(stderr, "aer-inject: %s %s: %s\n", argv[1], argv[2],
			n < 0 ? strerror(errno) : "short write");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}
