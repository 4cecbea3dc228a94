/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and matching helpers for vfctl. They do no I/O and keep no state,
 * so the host unit tests can pin down every accepted and rejected input.
 */
#ifndef VFCTL_UTIL_H
#define VFCTL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct pci_addr {
	uint32_t domain;
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
};

/* Widest form: an 8-digit domain (domains above 0xffff exist). */
#define PCI_ADDR_STRLEN sizeof("ffffffff:ff:1f.7")

int pci_addr_parse(const char *s, struct pci_addr *addr);
int pci_addr_format(const struct pci_addr *addr, char *buf, size_t len);
int pci_addr_normalise(const char *s, char *buf, size_t len);
int pci_addr_cmp(const char *a, const char *b);

#define MAC_LEN 6
#define MAC_STRLEN sizeof("00:00:00:00:00:00")

int mac_parse(const char *s, uint8_t mac[MAC_LEN]);
void mac_format(const uint8_t mac[MAC_LEN], char buf[MAC_STRLEN]);
bool mac_is_multicast(const uint8_t mac[MAC_LEN]);

bool ifname_valid(const char *name);

int uint_parse(const char *s, unsigned long long min, unsigned long long max,
	       unsigned long long *val);
int onoff_parse(const char *s, bool *val);

int line_tokenise(char *line, char **argv, int max, const char **why);

#define ABBREV_NONE		(-1)
#define ABBREV_AMBIGUOUS	(-2)

int abbrev_match(const char *word, const char *const *names, size_t count,
		 size_t stride);

/* Match against a table of structs whose member .name is the keyword. */
#define ABBREV_MATCH_TABLE(word, table, count)				\
	abbrev_match(word, &(table)[0].name, count, sizeof((table)[0]))

const char *enum_name(const char *const *names, size_t count, uint32_t val);
int enum_parse(const char *s, const char *const *names, size_t count,
	       uint32_t *val);

int fail_why(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void *array_grow(void *array, size_t n, size_t *cap, size_t first,
		 size_t size);

#endif /* VFCTL_UTIL_H */
