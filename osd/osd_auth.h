/*
 * osd_auth.h — how an OSD authenticates: the cephx settings of ceph.conf
 * turned into messenger auth policies, its key from the keyring, and the
 * keys --mkfs creates.
 *
 * ceph.conf keys (Ceph's names and defaults):
 *   auth_cluster_required   cephx        cluster and heartbeat messengers
 *   auth_service_required   cephx        what clients must use with us
 *   auth_client_required    cephx, none  what we use towards mon and mgr
 *   auth_supported          (overrides all three when set)
 *   ms_cluster_mode         crc secure   cluster/heartbeat, both sides
 *   ms_service_mode         crc secure   accepted from clients
 *   ms_mon_client_mode      secure crc   offered to the monitors (the mgr too:
 *                                        one client policy per messenger)
 *   keyring                 $osd_data/keyring first, then the list ceph.conf
 *                           names (comma separated)
 * Without cephx in a list only crc mode is possible (secure needs a key).
 */
#ifndef OSDFARM_OSD_OSD_AUTH_H
#define OSDFARM_OSD_OSD_AUTH_H

#include <stdint.h>

#include "msg/auth.h"

struct cephconf;
struct cephx_ctx;
struct cephx_key;
struct msgr;
struct monc;

struct osd_auth {
	struct auth_policy client;      /* towards mon/mgr (public messenger) */
	struct auth_policy service;     /* accepted from clients (public messenger) */
	struct auth_policy cluster;     /* cluster + heartbeat messengers */
	int cephx;                      /* some policy uses cephx */
	struct cephx_ctx *cx;           /* our identity and tickets (NULL without cephx) */
};

/*
 * Parse one auth method list ("cephx, none") and one mode list ("crc
 * secure") into p. -EINVAL (with a message in err) on an unknown word or
 * an empty list.
 */
int osd_auth_policy_parse(const char *methods, const char *modes, struct auth_policy *p,
			  char *err, size_t errsz);
/* Find the key of name ("osd.3") in a comma-separated keyring list.
 * -ENOENT when no file holds it. */
int osd_auth_find_key(const char *keyrings, const char *name, struct cephx_key *k);

/*
 * The policies for entity ent ("osd.3") and, when cephx is used, the key of
 * name from osd_data's keyring or ceph.conf's `keyring`. -ENOKEY (logged)
 * when cephx is required and no key is found, -EINVAL on bad settings.
 * name NULL: only the policies (a->cx stays NULL).
 */
int osd_auth_load(const struct cephconf *cc, const char *ent, const char *osd_data,
		  const char *name, struct osd_auth *a);
void osd_auth_release(struct osd_auth *a);

/* Put a's policies and key context on the OSD's messengers (any may be
 * NULL) and its ticket/rotating-secret upkeep on the mon session. */
void osd_auth_attach(const struct osd_auth *a, struct msgr *pub, struct msgr *cluster,
		     struct msgr *hb_front, struct msgr *hb_back, struct monc *mc);
/* The same for a messenger that only connects to OSDs (heartbeat client). */
void osd_auth_attach_peer(const struct osd_auth *a, struct msgr *m);

/*
 * mkfs: the identity that may run `osd new` with a secret, as ceph-volume
 * does it: client.bootstrap-osd, else client.admin, from ceph.conf's
 * keyring list. Sets the messenger's auth name, policy and keys; *cx is
 * the context to free with cephx_ctx_free. Without cephx: bootstrap-osd
 * with auth none, *cx = NULL.
 */
int osd_auth_mkfs_identity(const struct cephconf *cc, const char *ent, struct msgr *mr,
			   struct cephx_ctx **cx);
/*
 * The OSD's new secret and the `osd new` input carrying it
 * ({"cephx_secret": ...}). The secret is kept in osd_data/keyring as
 * [osd.pending] until the id is known, so that a repeated mkfs (same
 * uuid) sends the same secret and `osd new` stays idempotent.
 */
int osd_auth_mkfs_secret(const char *osd_data, struct cephx_key *k, char *json, size_t jsonsz);
/* Store the OSD's keyring in osd_data/keyring ("[osd.N]", mode 0600). */
int osd_auth_mkfs_write(const char *osd_data, int32_t whoami, const struct cephx_key *k);

#endif
